// The REST API as the dashboard uses it: the same public endpoints a script calls, nothing private.
// Paths are relative to the page (served at the member's root), so the dashboard also works behind a
// proxy that serves the member under a prefix.
//
// Every call reports whether the member answered to `connection`, which the page shows: a member
// that restarts is retried by the views' polling, and the banner says when it is back.

/** An RFC 9457 problem the API answered (or a failure to reach it, with status 0). */
export class Problem extends Error {
  constructor(status, body) {
    super(body.detail || body.title || `HTTP ${status}`);
    this.status = status;
    this.title = body.title || (status === 0 ? 'No answer' : `HTTP ${status}`);
    this.detail = body.detail || '';
    this.type = body.type || null;
    this.body = body;
  }
}

/** Whether the member answers; listeners get `{online, since, message}` on each change. */
export const connection = {
  online: true,
  since: Date.now(),
  message: '',
  listeners: new Set(),
  report(online, message = '') {
    if (online === this.online) {
      return;
    }
    this.online = online;
    this.since = Date.now();
    this.message = message;
    for (const listener of this.listeners) {
      listener(this);
    }
  },
};

const CREDENTIALS_KEY = 'sluice.credentials';

/**
 * The credentials the user entered, for a member with authentication on: an API token (sent as
 * `Authorization: Bearer …`) or a user and password (HTTP Basic). They are kept in the browser
 * session's storage (gone when the tab closes) and sent with every call of the page, the output
 * stream's too. Listeners hear of a change, and of each `401` or `403` the member answers
 * (`{status, detail}`), which the page shows (access.js).
 */
export const credentials = {
  listeners: new Set(),
  /** `{token}` or `{user, password}`, or null when none were entered. */
  get() {
    try {
      return JSON.parse(sessionStorage.getItem(CREDENTIALS_KEY));
    } catch (e) {
      return null;
    }
  },
  set(value) {
    if (value) {
      sessionStorage.setItem(CREDENTIALS_KEY, JSON.stringify(value));
    } else {
      sessionStorage.removeItem(CREDENTIALS_KEY);
    }
    this.tell({ status: null, detail: '' });
  },
  /** Who the page signs in as, for people: `a token` or `alice`; null without credentials. */
  who() {
    const value = this.get();
    return value ? (value.token ? 'a token' : value.user) : null;
  },
  /** The `Authorization` header of the credentials, or null. */
  header() {
    const value = this.get();
    if (!value) {
      return null;
    }
    if (value.token) {
      return `Bearer ${value.token}`;
    }
    // RFC 7617 with charset UTF-8: the user and password as UTF-8 bytes, in base64
    const bytes = new TextEncoder().encode(`${value.user}:${value.password}`);
    return `Basic ${btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join(''))}`;
  },
  tell(event) {
    for (const listener of this.listeners) {
      listener(event);
    }
  },
};

/**
 * The headers of every call: the credentials, and `X-Requested-With`, which asks the member not to
 * challenge for HTTP Basic (a browser would answer that challenge with its own login dialog, rather
 * than let the page ask).
 */
function baseHeaders(accept) {
  const headers = { Accept: accept, 'X-Requested-With': 'XMLHttpRequest' };
  const authorization = credentials.header();
  if (authorization) {
    headers.Authorization = authorization;
  }
  return headers;
}

async function send(method, path, { body, accept = 'application/json', headers = {}, signal } = {}) {
  const init = { method, headers: { ...baseHeaders(accept), ...headers }, signal };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    if (signal && signal.aborted) {
      throw e;
    }
    connection.report(false, 'the member does not answer');
    throw new Problem(0, { title: 'No answer', detail: `the member did not answer ${method} ${path}` });
  }
  connection.report(!(await memberAway(response)), 'the member is shutting down, or not in a cluster');
  if (response.status === 401 || response.status === 403) {
    let detail = '';
    try {
      detail = (await response.clone().json()).detail || '';
    } catch (e) {
      // not a problem: the status says enough
    }
    credentials.tell({ status: response.status, detail });
  }
  return response;
}

/**
 * Follows a server-sent event stream with `fetch` (`EventSource` cannot send the credentials'
 * header): calls `onEvent({id, data})` for each event, and resolves when the stream ends. A problem
 * answer is thrown as a {@link Problem}; `signal` stops it (the promise then rejects with an
 * `AbortError`).
 */
export async function followEvents(path, onEvent, signal) {
  const response = await send('GET', path, { accept: 'text/event-stream', signal });
  if (!response.ok) {
    throw await problemOf(response);
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let id = null;
  let data = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      return;
    }
    buffer += value;
    let end;
    while ((end = buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + (buffer.startsWith('\r\n', end) ? 2 : 1));
      if (line === '') {
        if (data.length > 0) {
          onEvent({ id, data: data.join('\n') });
        }
        data = [];
      } else if (!line.startsWith(':')) {
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'id') {
          id = text;
        } else if (field === 'data') {
          data.push(text);
        }
      }
    }
  }
}

/** Whether an answer says the member itself cannot serve (not that one request was refused). */
async function memberAway(response) {
  if (response.status !== 503) {
    return false;
  }
  try {
    const type = (await response.clone().json()).type || '';
    return type.endsWith('/member-shutting-down') || type.endsWith('/no-cluster');
  } catch (e) {
    return true; // a 503 without a problem: a proxy in front of a member that is gone
  }
}

async function problemOf(response) {
  let body = {};
  try {
    body = await response.json();
  } catch (e) {
    body = { title: `HTTP ${response.status}` };
  }
  return new Problem(response.status, body);
}

/** GET a JSON resource; a problem answer is thrown as a {@link Problem}. */
export async function getJson(path) {
  const response = await send('GET', path);
  if (!response.ok) {
    throw await problemOf(response);
  }
  return response.json();
}

/** GET a text resource (the Mermaid graph). */
export async function getText(path) {
  const response = await send('GET', path, { accept: 'text/plain' });
  if (!response.ok) {
    throw await problemOf(response);
  }
  return response.text();
}

/**
 * A request with a JSON body (a string is sent as it is, so that the service, not the browser, judges
 * what the user typed). Resolves to `{status, headers, json}`; a problem is thrown.
 */
export async function sendJson(method, path, body, headers = {}) {
  const response = await send(method, path, { body, headers });
  if (!response.ok) {
    throw await problemOf(response);
  }
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : null };
}

/** The member's health: `/actuator/health` answers 503 with a body when it is down. */
export async function health() {
  const response = await send('GET', 'actuator/health');
  try {
    return await response.json();
  } catch (e) {
    return { status: `HTTP ${response.status}` };
  }
}

/** A random Idempotency-Key (crypto.randomUUID needs a secure context; this does not). */
export function idempotencyKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The statuses after which a job does no more. */
export const FINAL_STATUSES = new Set(['COMPLETED', 'FAILED', 'CANCELLED', 'UNKNOWN']);

export const enc = encodeURIComponent;

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

async function send(method, path, { body, accept = 'application/json', headers = {} } = {}) {
  const init = { method, headers: { Accept: accept, ...headers } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    connection.report(false, 'the member does not answer');
    throw new Problem(0, { title: 'No answer', detail: `the member did not answer ${method} ${path}` });
  }
  connection.report(!(await memberAway(response)), 'the member is shutting down, or not in a cluster');
  return response;
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

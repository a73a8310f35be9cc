// Small DOM helpers: elements are built with textContent only (never innerHTML), so nothing the API
// returns (items, flow names, error details) can turn into markup.

/**
 * An element: `h('a', {href: '#/'}, 'Overview')`. Attributes starting with `on` are listeners,
 * `dataset` an object of data attributes, `class` the class name; children are nodes or text.
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else if (name === 'class') {
      element.className = value;
    } else if (value === true) {
      element.setAttribute(name, '');
    } else {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** An SVG element, attributes as given. */
export function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== null && value !== undefined) {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

/** Replaces an element's children. */
export function replace(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

const numbers = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

/** A count or rate for people; '–' for what is not known. */
export function num(value) {
  return value === null || value === undefined || Number.isNaN(value) ? '–' : numbers.format(value);
}

/** Epoch milliseconds as local date and time; '–' for none. */
export function time(millis) {
  return millis ? new Date(millis).toLocaleString() : '–';
}

/** How long ago, roughly: "3 s ago", "5 min ago". */
export function ago(millis) {
  if (!millis) {
    return '–';
  }
  const seconds = Math.max(0, Math.round((Date.now() - millis) / 1000));
  if (seconds < 90) {
    return `${seconds} s ago`;
  }
  const minutes = Math.round(seconds / 60);
  return minutes < 90 ? `${minutes} min ago` : `${Math.round(minutes / 60)} h ago`;
}

/** A JSON value in one line, for table cells. */
export function json(value) {
  return JSON.stringify(value);
}

/** A status as a coloured badge (the colour follows the status' kind, the text says it). */
export function badge(status) {
  const kind =
    {
      RUNNING: 'ok',
      UP: 'ok',
      COMPLETED: 'done',
      STARTING: 'warn',
      COMPLETING: 'warn',
      CANCELLING: 'warn',
      NOT_RUNNING: 'warn',
      SUSPENDED: 'warn',
      SUSPENDED_EXPORTING_SNAPSHOT: 'warn',
      FAILED: 'bad',
      DOWN: 'bad',
      OUT_OF_SERVICE: 'bad',
    }[status] || 'neutral';
  return h('span', { class: `badge ${kind}`, dataset: { status } }, status);
}

/**
 * A table: `columns` are `[heading, cell(row)]`; `rowAttributes(row)` gives each row's attributes.
 * Wrapped so that a wide table scrolls on its own on a narrow screen.
 */
export function table(columns, rows, { caption, id, rowAttributes, empty = 'none' } = {}) {
  const body = h('tbody');
  fillRows(body, columns, rows, rowAttributes, empty);
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { id },
      caption ? h('caption', {}, caption) : null,
      h('thead', {}, h('tr', {}, columns.map(([heading]) => h('th', { scope: 'col' }, heading)))),
      body,
    ),
  );
}

/** Refills a table made by {@link table} with new rows. */
export function refill(wrap, columns, rows, { rowAttributes, empty = 'none' } = {}) {
  fillRows(wrap.querySelector('tbody'), columns, rows, rowAttributes, empty);
}

function fillRows(body, columns, rows, rowAttributes, empty) {
  body.replaceChildren();
  if (rows.length === 0) {
    body.append(h('tr', { class: 'empty' }, h('td', { colspan: columns.length }, empty)));
    return;
  }
  for (const row of rows) {
    body.append(
      h(
        'tr',
        rowAttributes ? rowAttributes(row) : {},
        columns.map(([heading, cell]) => h('td', { dataset: { label: heading } }, cell(row))),
      ),
    );
  }
}

/** An RFC 9457 problem as people read it: status and title, then the detail, announced at once. */
export function problemBox(problem) {
  return h(
    'div',
    { class: 'problem', role: 'alert' },
    h('strong', { class: 'title' }, problem.status ? `${problem.status} ${problem.title}` : problem.title),
    problem.detail ? h('p', { class: 'detail' }, problem.detail) : null,
    problem.type ? h('p', { class: 'type' }, problem.type) : null,
  );
}

/** A labelled form field; `control` is the input, select or textarea. */
export function field(label, control, hint) {
  const id = control.id || `f-${Math.random().toString(36).slice(2)}`;
  control.id = id;
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    control,
    hint ? h('small', { class: 'hint' }, hint) : null,
  );
}

/** A section with a heading. */
export function section(title, ...children) {
  return h('section', { class: 'card' }, h('h2', {}, title), ...children);
}

// Signing in, for a member with authentication on (sluice.security.enabled): the header's button
// opens a panel that takes an API token or a user and password; the page keeps them for the browser
// session and sends them with every call (api.js). A 401 opens the panel, saying what the member
// answered; a 403 says which role the request needed. Without authentication the panel never shows.
import { credentials } from './api.js';
import { field, h, replace } from './dom.js';

const panel = document.getElementById('access');
const toggle = document.getElementById('access-toggle');

const message = h('p', { id: 'access-message', role: 'alert' });
const kind = h(
  'select',
  { id: 'access-kind' },
  h('option', { value: 'token' }, 'API token (Authorization: Bearer)'),
  h('option', { value: 'user' }, 'User and password (HTTP Basic)'),
);
const token = h('input', { id: 'access-token', type: 'password', autocomplete: 'off', spellcheck: 'false' });
const user = h('input', { id: 'access-user', autocomplete: 'username', spellcheck: 'false' });
const password = h('input', { id: 'access-password', type: 'password', autocomplete: 'current-password' });
const tokenField = field('Token', token, 'as configured in sluice.security.tokens');
const userFields = h('div', { class: 'row' }, field('User', user), field('Password', password));
const signIn = h('button', { type: 'submit', id: 'access-sign-in' }, 'Sign in');
const signOut = h('button', { type: 'button', id: 'access-sign-out', class: 'secondary' }, 'Sign out');
const close = h('button', { type: 'button', id: 'access-close', class: 'secondary' }, 'Close');
const form = h(
  'form',
  { class: 'form', id: 'access-form' },
  message,
  field('Sign in with', kind),
  tokenField,
  userFields,
  h('p', { class: 'hint' }, 'Kept for this browser tab only (session storage), and sent to this member with every request.'),
  h('div', { class: 'actions' }, signIn, signOut, close),
);

function showKind() {
  const byToken = kind.value === 'token';
  tokenField.hidden = !byToken;
  userFields.hidden = byToken;
}

function showWho() {
  const who = credentials.who();
  toggle.textContent = who ? `Signed in (${who})` : 'Sign in';
  toggle.dataset.signedIn = who ? 'true' : 'false';
  signOut.hidden = !who;
}

function open(text, state) {
  panel.hidden = false;
  panel.dataset.state = state;
  message.textContent = text;
  message.hidden = !text;
}

/** Shows the current view again, now with the new credentials (app.js listens for hash changes). */
function reload() {
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}

kind.addEventListener('change', showKind);
toggle.addEventListener('click', () => {
  if (panel.hidden) {
    open('', 'open');
    (kind.value === 'token' ? token : user).focus();
  } else {
    panel.hidden = true;
  }
});
close.addEventListener('click', () => {
  panel.hidden = true;
});
signOut.addEventListener('click', () => {
  credentials.set(null);
  token.value = '';
  password.value = '';
  panel.hidden = true;
  reload();
});
form.addEventListener('submit', (event) => {
  event.preventDefault();
  const value = kind.value === 'token' ? { token: token.value.trim() } : { user: user.value, password: password.value };
  if (kind.value === 'token' ? !value.token : !value.user) {
    open(kind.value === 'token' ? 'Enter a token.' : 'Enter a user name.', 'incomplete');
    return;
  }
  credentials.set(value);
  password.value = '';
  panel.hidden = true;
  reload();
});

credentials.listeners.add(({ status, detail }) => {
  showWho();
  if (status === 401) {
    const who = credentials.who();
    open(
      who
        ? `The member did not accept the credentials (${who}): ${detail}. Sign in again.`
        : `This member needs credentials: ${detail}. Sign in with an API token or a user.`,
      'unauthenticated',
    );
  } else if (status === 403) {
    open(`Not allowed for ${credentials.who() || 'these credentials'}: ${detail}. Sign in with a role that may.`, 'forbidden');
  }
});

replace(panel, form);
showKind();
showWho();

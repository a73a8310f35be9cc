// The dashboard's shell: hash routes (each view has a URL to share), the connection banner, and the
// life of a view (its polling and streams stop when another view is shown).
import { connection } from './api.js';
import './access.js';
import { h, problemBox, replace } from './dom.js';
import * as overview from './overview.js';
import * as flows from './flows.js';
import * as flow from './flow.js';
import * as jobs from './jobs.js';
import * as job from './job.js';

/** Route patterns over the hash, each to its view module (which exports `render(view, ...params)`). */
const ROUTES = [
  [/^#?\/?$/, overview, 'overview'],
  [/^#\/flows\/?$/, flows, 'flows'],
  [/^#\/flows\/([^/?]+)$/, flow, 'flows'],
  [/^#\/jobs\/?(?:\?(.*))?$/, jobs, 'jobs'],
  [/^#\/jobs\/([^/?]+)$/, job, 'jobs'],
];

const main = document.getElementById('main');
let current = null;

/**
 * What a view gets: an element of its own in the page (a view still loading when the user moves on
 * writes into an element no longer shown), timers that end with it, and a way to say it has loaded.
 */
class View {
  constructor(name) {
    this.name = name;
    this.main = document.createElement('div');
    this.stopped = false;
    this.cleanups = [];
  }

  /**
   * Runs `fn` every `millis` from now until the view goes, or until `fn` returns false. A failure is
   * logged and the next round comes all the same (the banner tells the user when the member is away).
   */
  every(millis, fn) {
    let timer = null;
    const tick = async () => {
      if (this.stopped) {
        return;
      }
      let again = true;
      try {
        again = (await fn()) !== false;
      } catch (e) {
        if (e.status !== 0) {
          console.warn(`${this.name}: ${e.message}`);
        }
      }
      if (again && !this.stopped) {
        timer = setTimeout(tick, millis);
      }
    };
    this.onStop(() => clearTimeout(timer));
    timer = setTimeout(tick, millis);
  }

  onStop(fn) {
    this.cleanups.push(fn);
  }

  stop() {
    this.stopped = true;
    for (const fn of this.cleanups.splice(0)) {
      try {
        fn();
      } catch (e) {
        console.warn(e);
      }
    }
  }

  /** Marks the view loaded (what the browser tests wait for). */
  ready() {
    if (!this.stopped) {
      main.dataset.state = 'ready';
    }
  }
}

async function show() {
  const hash = location.hash || '#/';
  if (current) {
    current.stop();
  }
  const route = ROUTES.find(([pattern]) => pattern.test(hash));
  const [pattern, module, section] = route || [null, null, null];
  const view = new View(module ? module.VIEW : 'missing');
  current = view;
  for (const link of document.querySelectorAll('header nav a')) {
    if (link.dataset.section === section) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
  main.dataset.state = 'loading';
  main.replaceChildren(view.main);
  if (!module) {
    main.dataset.view = 'missing';
    replace(view.main, h('h1', {}, 'Not found'), h('p', {}, `The dashboard has no page ${hash}. `, h('a', { href: '#/' }, 'Overview')));
    view.ready();
    return;
  }
  const params = hash.match(pattern).slice(1).map((p) => (p === undefined ? undefined : decodeURIComponent(p)));
  main.dataset.view = module.VIEW;
  try {
    await module.render(view, ...params);
  } catch (e) {
    if (!view.stopped) {
      view.main.append(h('h1', {}, 'Not shown'), problemBox(e));
      view.ready();
    }
  }
  if (!view.stopped && document.activeElement === document.body) {
    main.focus({ preventScroll: true });
  }
}

// The banner: says when the member stopped answering and when it is back; views keep polling, so
// they pick up again by themselves once it answers.
const banner = document.getElementById('connection');
let hideTimer = null;
connection.listeners.add((state) => {
  clearTimeout(hideTimer);
  banner.hidden = false;
  if (state.online) {
    banner.className = 'connection online';
    banner.textContent = 'Reconnected: the member answers again.';
    hideTimer = setTimeout(() => {
      banner.hidden = true;
    }, 4000);
  } else {
    banner.className = 'connection offline';
    banner.textContent = `Lost the connection: ${state.message}. Retrying…`;
  }
});

window.addEventListener('hashchange', show);
show();

// Live time-series charts: uPlot (served from its webjar), a rolling window of the last minutes.
// Colours come from the page's CSS variables, so a chart follows the light or dark scheme; it is
// drawn again when the scheme changes or its box is resized.
import uPlot from '../webjars/uplot/dist/uPlot.esm.js';
import { h } from './dom.js';

/** Series colours that read on a light and on a dark background alike. */
export const PALETTE = ['#2f81f7', '#e5534b', '#3fb950', '#d29922', '#a371f7', '#db61a2', '#39c5cf', '#8b949e'];

const dark = window.matchMedia('(prefers-color-scheme: dark)');

function cssVar(name) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

/**
 * A chart of values over time.
 *
 * @param title what it shows, as its heading and accessible name
 * @param series `[{label, scale?}]`: the lines; a series with `scale: 'right'` uses the right axis
 * @param windowSeconds how much history it keeps and shows
 */
export class TimeChart {
  constructor({ title, series, windowSeconds = 300, height = 220, leftLabel = '', rightLabel = null }) {
    this.title = title;
    this.series = series;
    this.windowSeconds = windowSeconds;
    this.height = height;
    this.leftLabel = leftLabel;
    this.rightLabel = rightLabel;
    this.data = [[], ...series.map(() => [])];
    this.placeholder = h('p', { class: 'hint placeholder' }, 'Waiting for two samples…');
    this.plotBox = h('div', { class: 'plot' }, this.placeholder);
    this.element = h(
      'figure',
      { class: 'chart', role: 'img', 'aria-label': title },
      h('figcaption', {}, title),
      this.plotBox,
    );
    this.plot = null;
    this.resizeObserver = new ResizeObserver(() => this.resize());
    this.schemeListener = () => this.rebuild();
    dark.addEventListener('change', this.schemeListener);
  }

  /** Adds one sample: `values[i]` for series i (null where unknown), at `when` (ms, default now). */
  push(values, when = Date.now()) {
    const seconds = when / 1000;
    this.data[0].push(seconds);
    values.forEach((value, i) => this.data[i + 1].push(value === undefined ? null : value));
    const from = seconds - this.windowSeconds;
    let drop = 0;
    while (drop < this.data[0].length && this.data[0][drop] < from) {
      drop++;
    }
    if (drop > 0) {
      this.data = this.data.map((column) => column.slice(drop));
    }
    if (this.plot) {
      this.plot.setData(this.data);
    } else {
      this.build();
    }
  }

  /** Call once the element is in the document. */
  attached() {
    this.resizeObserver.observe(this.plotBox);
    this.build();
  }

  width() {
    return Math.max(200, Math.floor(this.plotBox.clientWidth || this.element.clientWidth || 600));
  }

  /** Draws the chart once it is in the page and has two points (one gives no time range). */
  build() {
    if (!this.element.isConnected || this.plot || this.data[0].length < 2) {
      return;
    }
    this.placeholder.remove();
    const fg = cssVar('--fg') || '#222';
    const grid = cssVar('--grid') || 'rgba(128,128,128,.2)';
    const axis = (extra) => ({ stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 }, ...extra });
    const axes = [axis({}), axis({ scale: 'left', label: this.leftLabel, size: 60 })];
    if (this.rightLabel !== null) {
      axes.push(axis({ scale: 'right', label: this.rightLabel, side: 1, size: 60, grid: { show: false } }));
    }
    this.plot = new uPlot(
      {
        width: this.width(),
        height: this.height,
        scales: { x: { time: true }, left: { auto: true }, right: { auto: true } },
        series: [
          {},
          ...this.series.map((s, i) => ({
            label: s.label,
            scale: s.scale || 'left',
            stroke: PALETTE[i % PALETTE.length],
            width: 2,
            points: { show: false },
            spanGaps: false,
            value: (u, v) => (v === null || v === undefined ? '–' : Number(v.toFixed(1)).toLocaleString()),
          })),
        ],
        axes,
        legend: { live: true },
        cursor: { drag: { x: false, y: false } },
      },
      this.data,
      this.plotBox,
    );
  }

  resize() {
    if (this.plot) {
      this.plot.setSize({ width: this.width(), height: this.height });
    }
  }

  /** Drawn anew, e.g. in the other colour scheme. */
  rebuild() {
    if (this.plot) {
      this.plot.destroy();
      this.plot = null;
    }
    this.build();
  }

  destroy() {
    dark.removeEventListener('change', this.schemeListener);
    this.resizeObserver.disconnect();
    if (this.plot) {
      this.plot.destroy();
      this.plot = null;
    }
  }
}

/**
 * Rates from counters: feed it the counters' current values and it gives, per counter, the increase
 * per second since the last call (null on the first call, and for a counter it has not seen before).
 * A counter that went down (a job restarted from a snapshot) counts as no increase.
 */
export class Rates {
  constructor() {
    this.last = null;
    this.lastAt = 0;
  }

  /** `counters` is an object (name → value); returns an object name → rate. */
  next(counters, when = Date.now()) {
    const rates = {};
    const seconds = (when - this.lastAt) / 1000;
    for (const [name, value] of Object.entries(counters)) {
      const before = this.last ? this.last[name] : undefined;
      rates[name] =
        before === undefined || before === null || value === null || seconds <= 0
          ? null
          : Math.max(0, value - before) / seconds;
    }
    this.last = counters;
    this.lastAt = when;
    return rates;
  }
}

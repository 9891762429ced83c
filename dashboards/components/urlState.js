// The page's filters (metric, grain, period, area) as one Observable input whose value lives in the
// URL query: a copied link opens the same view, every change is a history entry (back and forward
// step through them), and a reload restores it. Invalid or stale values in a link fall back to the
// nearest valid choice rather than failing: a link shared last year still opens.
import {html} from "htl";
import {grainInfo, periodLabel} from "../shared/format.js";

function select(name, label, options, value) {
  const id = `psm-filter-${name}`;
  const el = html`<select id=${id} name=${name}>${options.map((o) => html`<option value=${o.value} selected=${o.value === value}>${o.label}</option>`)}</select>`;
  return {el, wrap: html`<div class="psm-filter"><label for=${id}>${label}</label>${el}</div>`};
}

/** The period of `grain` ending on or before `end` (else the first one), as a period object. */
function closestPeriod(periods, end) {
  let best = periods[0];
  for (const p of periods) if (p.end <= end) best = p;
  return best;
}

export function readQuery(search = location.search) {
  const q = new URLSearchParams(search);
  return Object.fromEntries(["metric", "grain", "period", "area"].map((k) => [k, q.get(k) ?? undefined]));
}

/**
 * Validates a wanted state against the data: unknown values fall back to defaults, grain and area
 * to what the metric has, and a period that the grain lacks to the nearest one ending before it.
 */
export function normalise(data, wanted, previous) {
  const metrics = data.metrics;
  const metric = metrics.find((m) => m.id === wanted.metric) ?? metrics.find((m) => m.id === data.defaultMetric) ?? metrics[0];
  const grains = metric.grains ?? Object.keys(data.periods);
  const grain = [wanted.grain, previous?.grain, metric.defaultGrain].find((g) => grains.includes(g)) ?? grains[0];
  const periods = data.periods[grain];
  const exact = periods.find((p) => p.id === wanted.period);
  const prevEnd = previous ? data.periods[previous.grain]?.find((p) => p.id === previous.period)?.end : undefined;
  const period = exact ?? (prevEnd ? closestPeriod(periods, prevEnd) : periods[periods.length - 1]);
  const areas = metric.areas ?? ["force"];
  const area = areas.includes(wanted.area) ? wanted.area : "force";
  return {metric: metric.id, grain, period: period.id, area};
}

function toQuery(state) {
  const q = new URLSearchParams(location.search);
  for (const [k, v] of Object.entries(state)) q.set(k, v);
  return `?${q.toString()}`;
}

/**
 * data: {metrics: [{id, title, grains, defaultGrain, areas}], periods: {grain: [{id, end}]},
 *        areas: [{area, name}], defaultMetric}. controls: which selects to show.
 * Use as `const bar = filterBar(data); const state = view(bar);` and call bar.set({...}) to change it.
 */
/** "Copy link": the address bar holds the whole view, so the link is the view. */
function copyLinkButton() {
  const copy = html`<button type="button" class="psm-button psm-copy">Copy link</button>`;
  copy.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(location.href);
      copy.textContent = "Link copied";
    } catch {
      copy.textContent = "Copy the address bar";
    }
    setTimeout(() => (copy.textContent = "Copy link"), 2500);
  });
  return copy;
}

/** Sets a select's options (only when they changed) and its value; hides it when there is no choice. */
function fillSelect(s, name, options, value) {
  const key = options.map((o) => o.value).join("\n");
  if (s.el.dataset.options !== key) {
    s.el.replaceChildren(...options.map((o) => html`<option value=${o.value}>${o.label}</option>`));
    s.el.dataset.options = key;
  }
  s.el.value = value;
  s.wrap.hidden = options.length < 2 && name !== "period";
}

export function filterBar(data, {controls = ["metric", "grain", "period", "area"], invalidation} = {}) {
  const form = html`<form class="psm-filters" aria-label="Filters for this page"></form>`;
  let state = normalise(data, readQuery());
  const areaName = (a) => data.areas.find((x) => x.area === a)?.name ?? a;

  // The controls are made once and updated in place: replacing them on every change would lose
  // focus and keyboard position, and detach the very element the user is operating.
  const controlsOf = {};
  const parts = [];
  for (const [name, label] of [
    ["metric", "Metric"],
    ["grain", "Period type"],
    ["period", "Period"],
    ["area", "Area"]
  ]) {
    if (!controls.includes(name)) continue;
    const s = select(name, label, [], "");
    // The select's own input event would reach view() before the state is normalised: stop it
    // and announce the new state once it is complete.
    s.el.addEventListener("input", (event) => {
      event.stopPropagation();
      update({...state, [name]: s.el.value}, true);
    });
    controlsOf[name] = s;
    parts.push(s.wrap);
  }
  parts.push(html`<div class="psm-filter psm-filter-action">${copyLinkButton()}</div>`);
  form.append(...parts);
  const fill = (name, options, value) => controlsOf[name] && fillSelect(controlsOf[name], name, options, value);

  function draw() {
    const metric = data.metrics.find((m) => m.id === state.metric);
    fill(
      "metric",
      data.metrics.map((m) => ({value: m.id, label: m.title})),
      state.metric
    );
    fill(
      "grain",
      (metric.grains ?? Object.keys(data.periods)).map((g) => ({value: g, label: grainInfo[g]?.name ?? g})),
      state.grain
    );
    fill(
      "period",
      [...data.periods[state.grain]].reverse().map((p) => ({value: p.id, label: periodLabel(state.grain, p.id)})),
      state.period
    );
    fill(
      "area",
      (metric.areas ?? ["force"]).map((a) => ({value: a, label: areaName(a)})),
      state.area
    );
  }

  function update(wanted, push) {
    const next = normalise(data, wanted, state);
    const changed = Object.keys(next).some((k) => next[k] !== state[k]);
    state = next;
    const url = toQuery(state);
    if (push && url !== location.search) history.pushState(state, "", url);
    else history.replaceState(state, "", url);
    draw();
    if (changed) form.dispatchEvent(new Event("input", {bubbles: true}));
  }

  const onPop = () => update(readQuery(), false);
  addEventListener("popstate", onPop);
  invalidation?.then(() => removeEventListener("popstate", onPop));
  Object.defineProperty(form, "value", {get: () => state, set: (v) => update({...state, ...v}, true)});
  form.set = (v) => update({...state, ...v}, true);
  form.addEventListener("submit", (e) => e.preventDefault());
  history.replaceState(state, "", toQuery(state));
  draw();
  return form;
}

/**
 * One select kept in the URL query under `name` (e.g. ?metric= on the definitions page), with the
 * same history behaviour as the filter bar. options: [{value, label}]; the first is the default.
 */
export function urlSelect(name, label, options, {invalidation} = {}) {
  const valid = (v) => (options.some((o) => o.value === v) ? v : options[0].value);
  const s = select(name, label, options, valid(new URLSearchParams(location.search).get(name)));
  const form = html`<form class="psm-filters psm-filters-single" aria-label=${`Choose ${label.toLowerCase()}`}>${s.wrap}</form>`;
  const write = (push) => {
    const q = new URLSearchParams(location.search);
    q.set(name, s.el.value);
    const url = `?${q}${location.hash}`;
    if (push) history.pushState(null, "", url);
    else history.replaceState(null, "", url);
  };
  s.el.addEventListener("change", () => write(true));
  const onPop = () => {
    const v = valid(new URLSearchParams(location.search).get(name));
    if (v !== s.el.value) {
      s.el.value = v;
      form.dispatchEvent(new Event("input", {bubbles: true}));
    }
  };
  addEventListener("popstate", onPop);
  invalidation?.then(() => removeEventListener("popstate", onPop));
  form.addEventListener("submit", (e) => e.preventDefault());
  Object.defineProperty(form, "value", {
    get: () => s.el.value,
    set: (v) => {
      s.el.value = valid(v);
      write(true);
    }
  });
  write(false);
  return form;
}

// The Rapport dashboard: a key in session storage, the server's JSON API, ECharts.
'use strict';

const KEY = 'rapport.key';
const PAGE = 20;
const charts = {};            // name -> ECharts instance (the browser test reads them)
window.rapportCharts = charts;
let overviewTimer = null;

function $(id) { return document.getElementById(id); }

function show(id) {
  for (const s of ['login', 'overview', 'results', 'customer']) { $(s).hidden = s !== id; }
  $('error').hidden = true;
  if (id !== 'overview' && overviewTimer) { clearInterval(overviewTimer); overviewTimer = null; }
}

function text(el, s) { el.textContent = s == null ? '' : String(s); return el; }

function el(tag, content) { const e = document.createElement(tag); return text(e, content); }

function fmt(n, digits) {
  if (n == null) { return '–'; }
  return Number(n).toLocaleString('en', { maximumFractionDigits: digits == null ? 0 : digits });
}

function when(iso) { return iso ? iso.replace('T', ' ').replace(/\.\d+/, '').replace('Z', '') : '–'; }

class ApiError extends Error {
  constructor(status, body) { super((body && body.error && body.error.message) || ('HTTP ' + status)); this.status = status; }
}

async function api(path) {
  const key = sessionStorage.getItem(KEY);
  if (!key) { throw new ApiError(401, null); }
  const r = await fetch(path, { headers: { 'Authorization': 'Bearer ' + key } });
  const body = await r.json().catch(() => null);
  if (!r.ok) { throw new ApiError(r.status, body); }
  return body;
}

function fail(e) {
  if (e instanceof ApiError && (e.status === 401 || e.status === 403)) {
    show('login');
    const m = $('login-error');
    m.hidden = sessionStorage.getItem(KEY) == null;
    text(m, e.status === 401 ? 'That key was not accepted.' : 'That key lacks the read role.');
    return;
  }
  const box = $('error');
  box.hidden = false;
  text(box, e.message);
}

function chart(name, option) {
  const dom = $('chart-' + name);
  let c = charts[name];
  if (!c || c.isDisposed()) { c = echarts.init(dom); charts[name] = c; }
  option.animation = false;
  c.setOption(option, true);
  c.resize();
  return c;
}

function card(parent, value, label) {
  const d = el('div');
  d.className = 'card';
  d.append(el('b', value), el('span', label));
  parent.append(d);
}

// ---- overview ---------------------------------------------------------------------------------

async function overview() {
  show('overview');
  await Promise.all([drawOverview(), drawKpis()]);
  overviewTimer = setInterval(() => Promise.all([drawOverview(), drawKpis()]).catch(fail), 10000);
}

async function drawOverview() {
  const o = await api('/v1/overview');
  text($('as-of'), 'as of ' + when(o.as_of));
  const cards = $('overview-cards');
  cards.replaceChildren();
  card(cards, fmt(o.customers), 'customers');
  card(cards, fmt(o.events), 'interactions');
  const active = o.stages.filter(s => !['disengaged', 'churned'].includes(s.stage)).reduce((a, s) => a + s.customers, 0);
  card(cards, fmt(o.customers ? 100 * active / o.customers : null, 1) + '%', 'not disengaged or churned');
  card(cards, fmt(o.change_feed_lag), 'customers waiting for triggers');
  chart('stages', {
    tooltip: {}, grid: { left: 90, right: 20, top: 10, bottom: 30 },
    xAxis: { type: 'value' }, yAxis: { type: 'category', inverse: true, data: o.stages.map(s => s.stage) },
    series: [{ type: 'bar', name: 'customers', data: o.stages.map(s => s.customers) }]
  });
  chart('scores', {
    tooltip: {}, grid: { left: 50, right: 20, top: 10, bottom: 30 },
    xAxis: { type: 'category', data: o.score_histogram.map((_, i) => (i * 10) + '–' + (i * 10 + 10)) },
    yAxis: { type: 'value' }, series: [{ type: 'bar', name: 'customers', data: o.score_histogram }]
  });
  chart('channels', {
    tooltip: { trigger: 'axis' }, legend: {}, grid: { left: 60, right: 20, top: 30, bottom: 30 },
    xAxis: { type: 'category', data: o.channels.map(c => c.channel) }, yAxis: { type: 'value' },
    series: [
      { type: 'bar', stack: 't', name: 'answered', data: o.channels.map(c => c.engaged) },
      { type: 'bar', stack: 't', name: 'ignored', data: o.channels.map(c => c.unengaged) }]
  });
  chart('styles', {
    tooltip: {}, series: [{ type: 'pie', radius: ['35%', '70%'], name: 'customers',
      data: o.styles.map(s => ({ name: s.style, value: s.customers })) }]
  });
  const body = $('segments').tBodies[0];
  body.replaceChildren();
  for (const s of o.segments) {
    const tr = el('tr');
    tr.append(el('td', s.name), el('td', s.rule), el('td', fmt(s.customers)));
    body.append(tr);
  }
}

// The KPI tiles and the monthly retention chart: /v1/kpis, a pass over everyone at most a minute old.
async function drawKpis() {
  const k = await api('/v1/kpis');
  text($('kpi-as-of'), 'computed ' + when(k.computed_at) + ' over ' + fmt(k.customers) + ' customers');
  const all = k.kpis.overall.all;
  const pct = v => v == null ? '–' : fmt(100 * v, 1) + '%';
  const cards = $('kpi-cards');
  cards.replaceChildren();
  card(cards, pct(all.conversion_rate), 'conversion');
  card(cards, pct(all.response_rate), 'response rate');
  card(cards, pct(all.unengaged_rate), 'touches ignored');
  card(cards, fmt(all.net_revenue, 0), 'net revenue');
  card(cards, pct(all.csat), 'CSAT');
  card(cards, all.nps == null ? '–' : fmt(all.nps, 0), 'NPS');
  card(cards, pct(all.churn_rate), 'churned');
  card(cards, all.first_response_median_hours == null ? '–' : fmt(all.first_response_median_hours, 1) + ' h',
    'median first response');
  const flows = k.kpis.month_flows;
  chart('retention', {
    tooltip: { trigger: 'axis' }, legend: {}, grid: { left: 50, right: 20, top: 30, bottom: 30 },
    xAxis: { type: 'category', data: flows.map(f => f.month) },
    yAxis: { type: 'value', axisLabel: { formatter: v => (100 * v) + '%' } },
    series: [
      { type: 'line', name: 'retention', data: flows.map(f => f.retention_rate) },
      { type: 'line', name: 'churn', data: flows.map(f => f.churn_rate) }]
  });
}

// ---- search -----------------------------------------------------------------------------------

async function search(q) {
  const r = await api('/v1/customers?q=' + encodeURIComponent(q));
  if (r.matches.length === 1) { location.hash = '#/customer/' + encodeURIComponent(r.matches[0].customer_id); return; }
  show('results');
  text($('results-q'), q);
  const list = $('matches');
  list.replaceChildren();
  if (r.matches.length === 0) { list.append(el('li', 'No customer matches.')); }
  for (const m of r.matches) {
    const li = el('li');
    const a = el('a', m.customer_id);
    a.href = '#/customer/' + encodeURIComponent(m.customer_id);
    li.append(a, el('span', '  ' + (m.stage || '') + ', score ' + fmt(m.engagement_score, 1) + ' — ' + m.identifiers.join(', ')));
    list.append(li);
  }
}

// ---- customer 360 -----------------------------------------------------------------------------

async function customer(id, offset) {
  const c = await api('/v1/customers/' + encodeURIComponent(id) + '?limit=' + PAGE + '&offset=' + offset);
  show('customer');
  text($('c-title'), 'Customer ' + c.customer_id);
  text($('c-ids'), c.identifiers.join(' · '));
  const cards = $('c-cards');
  cards.replaceChildren();
  const p = c.profile || {};
  const l = c.lifecycle || {};
  card(cards, l.stage || '–', 'stage since ' + when(l.since).slice(0, 10));
  card(cards, fmt(p.engagement_score, 1), 'engagement score');
  card(cards, fmt(p.purchases), 'purchases');
  card(cards, fmt(p.revenue, 2), 'revenue');
  card(cards, when(p.last_seen).slice(0, 16), 'last seen');
  card(cards, fmt(c.service ? c.service.tickets_open : null), 'open tickets');
  const v = c.value_and_risk || {};
  if (v.p_alive != null) {
    card(cards, fmt(100 * v.p_alive, 0) + '%', 'P(alive), as of the last model fit');
    card(cards, fmt(v.clv, 2), 'CLV, next ' + v.horizon_months + ' months');
  }
  const nba = c.next_best_action;
  const box = $('c-nba');
  box.replaceChildren();
  if (nba) {
    box.append(el('b', nba.action === 'contact'
      ? 'Next best action: ' + nba.channel + ', ' + nba.theme + ', ' + nba.time
      : 'Next best action: no contact'), el('p', nba.reason));
  }
  const stages = ['acquisition', 'activation', 'engagement', 'satisfaction', 'loyalty', 'advocacy', 'disengaged', 'churned'];
  const history = (l.history || []).map(h => [h.at, h.to]);
  if (history.length) { history.push([c.as_of, l.stage]); }
  chart('history', {
    tooltip: { trigger: 'axis' }, grid: { left: 100, right: 20, top: 10, bottom: 30 },
    xAxis: { type: 'time' }, yAxis: { type: 'category', data: stages },
    series: [{ type: 'line', step: 'end', name: 'stage', data: history, symbolSize: 7 }]
  });
  const chans = (c.channels || []).filter(x => x.touches != null);
  chart('customer-channels', {
    tooltip: { trigger: 'axis' }, legend: {}, grid: { left: 50, right: 20, top: 30, bottom: 30 },
    xAxis: { type: 'category', data: chans.map(x => x.channel) }, yAxis: { type: 'value' },
    series: [
      { type: 'bar', stack: 't', name: 'answered', data: chans.map(x => x.engaged) },
      { type: 'bar', stack: 't', name: 'ignored', data: chans.map(x => x.unengaged) },
      { type: 'bar', stack: 't', name: 'waiting', data: chans.map(x => x.pending) }]
  });
  const parts = p.score_components || [];
  chart('score', {
    tooltip: {}, grid: { left: 100, right: 20, top: 10, bottom: 30 },
    xAxis: { type: 'value' }, yAxis: { type: 'category', inverse: true, data: parts.map(s => s.signal) },
    series: [{ type: 'bar', name: 'points', data: parts.map(s => s.points) }]
  });
  const styles = c.styles ? Object.entries(c.styles.scores) : [];
  chart('style', {
    tooltip: {}, radar: { indicator: styles.map(([k]) => ({ name: k, max: 100 })) },
    series: [{ type: 'radar', name: 'style', data: [{ value: styles.map(([, v]) => v), name: c.styles ? (c.styles.dominant || 'none') : '' }] }]
  });
  const ch = $('c-channels').tBodies[0];
  ch.replaceChildren();
  for (const x of c.channels || []) {
    const tr = el('tr');
    const last = x.last_interaction ? when(x.last_interaction.at) + ' ' + x.last_interaction.kind : '–';
    tr.append(el('td', x.channel), el('td', x.consent), el('td', fmt(x.touches)), el('td', fmt(x.engaged)),
      el('td', fmt(x.unengaged)), el('td', x.response_rate == null ? '–' : fmt(100 * x.response_rate, 0) + '%'), el('td', last));
    ch.append(tr);
  }
  const tickets = $('c-tickets');
  tickets.replaceChildren();
  const open = c.service ? c.service.open_tickets : [];
  if (!open.length) { tickets.append(el('li', 'None.')); }
  for (const t of open) { tickets.append(el('li', when(t.ts) + ' on ' + t.channel + (t.text ? ': ' + t.text : ''))); }
  const tl = c.timeline;
  text($('c-timeline-range'), (tl.total ? (tl.offset + 1) + '–' + (tl.offset + tl.events.length) : 0) + ' of ' + tl.total + ', newest first');
  const body = $('c-timeline').tBodies[0];
  body.replaceChildren();
  for (const e of tl.events) {
    const detail = [];
    if (e.campaign) { detail.push('campaign ' + e.campaign); }
    if (e.value) { detail.push('value ' + fmt(e.value, 2)); }
    if (e.score != null) { detail.push('score ' + e.score); }
    if (e.text) { detail.push('"' + e.text + '"'); }
    if (e.attributes) { detail.push(Object.entries(e.attributes).map(([k, v]) => k + '=' + v).join(' ')); }
    const tr = el('tr');
    tr.append(el('td', when(e.ts)), el('td', e.channel), el('td', e.kind), el('td', e.outcome || ''), el('td', detail.join('; ')));
    body.append(tr);
  }
  $('newer').disabled = tl.offset === 0;
  $('older').disabled = tl.offset + tl.events.length >= tl.total;
  $('newer').onclick = () => { location.hash = '#/customer/' + encodeURIComponent(c.customer_id) + '/' + Math.max(0, tl.offset - PAGE); };
  $('older').onclick = () => { location.hash = '#/customer/' + encodeURIComponent(c.customer_id) + '/' + (tl.offset + PAGE); };
}

// ---- routing ----------------------------------------------------------------------------------

function route() {
  if (!sessionStorage.getItem(KEY)) { show('login'); return; }
  const h = location.hash.replace(/^#\/?/, '');
  const parts = h.split('/');
  let p;
  if (parts[0] === 'customer' && parts[1]) {
    p = customer(decodeURIComponent(parts[1]), parseInt(parts[2] || '0', 10) || 0);
  } else if (parts[0] === 'search' && parts[1]) {
    p = search(decodeURIComponent(parts[1]));
  } else {
    p = overview();
  }
  p.catch(fail);
}

$('key-form').addEventListener('submit', ev => {
  ev.preventDefault();
  sessionStorage.setItem(KEY, $('key').value.trim());
  $('key').value = '';
  route();
});
$('search').addEventListener('submit', ev => {
  ev.preventDefault();
  const q = $('q').value.trim();
  if (q) { location.hash = '#/search/' + encodeURIComponent(q); }
});
$('forget').addEventListener('click', () => { sessionStorage.removeItem(KEY); route(); });
window.addEventListener('hashchange', route);
window.addEventListener('resize', () => Object.values(charts).forEach(c => c.resize()));
route();

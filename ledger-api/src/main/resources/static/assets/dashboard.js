// The balances dashboard: one arrangement's balances per city and fiscal year, live from
// /api/arrangements/{id}/balances/stream, or as of a past instant from ?asOf=.
// No build step: plain browser JavaScript, the chart from the ECharts webjar.
'use strict';

(function () {
  const FIELDS = [
    ['sharePercent', 'Share'],
    ['budgetShare', 'Budget share'],
    ['committed', 'Committed'],
    ['received', 'Received'],
    ['outstanding', 'Outstanding'],
    ['costShare', 'Cost share'],
    ['position', 'Position'],
  ];
  const SUMMED = ['budgetShare', 'committed', 'received', 'outstanding', 'costShare', 'position'];
  const EVENT_NAMES = {
    ArrangementOpened: 'Arrangement opened',
    FundingCommitted: 'Commitment',
    FundsReceived: 'Receipt',
    CostRecorded: 'Cost',
    ArrangementReviewed: 'Review',
    EntryReversed: 'Reversal',
    FiscalYearClosed: 'Year closed',
    DecisionRegistered: 'Decision registered',
    DecisionsRequiredSet: 'Decisions required',
    FundingPledged: 'Pledge',
    PledgeConfirmed: 'Pledge confirmed',
    PledgeWithdrawn: 'Pledge withdrawn',
    InKindRecorded: 'In kind',
    FunderCurrencySet: 'Currency of a city',
    EntriesImported: 'Import',
    AllocationUnitSet: 'Allocation unit',
    ContributorSharesSet: 'Share split',
  };
  // absolute URLs from the origin: a page opened as http://user:pass@host/ must not send those in fetch()
  const api = (path) => new URL(path, window.location.origin).toString();

  const el = (id) => document.getElementById(id);
  const state = { id: null, currency: 'GBP', source: null, chart: null, lastCells: new Map(), events: [], mode: 'live' };

  // ---- exact amounts: decimal strings to minor units (BigInt) and back, formatted by Intl
  function minor(text, scale) {
    if (text === undefined || text === null) return null;
    const negative = text.startsWith('-');
    const [whole, fraction = ''] = (negative ? text.slice(1) : text).split('.');
    const units = BigInt(whole + fraction.padEnd(scale, '0').slice(0, scale));
    return negative ? -units : units;
  }
  function decimal(units, scale) {
    const negative = units < 0n;
    const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
    const text = scale === 0 ? digits : digits.slice(0, -scale) + '.' + digits.slice(-scale);
    return (negative ? '-' : '') + text;
  }
  function money(text) {
    if (text === undefined || text === null) return '—';
    // Intl formats a decimal string exactly (no binary floating point on the way)
    return new Intl.NumberFormat('en-GB', { style: 'currency', currency: state.currency }).format(text);
  }
  function scaleOf(currency) {
    return new Intl.NumberFormat('en-GB', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits;
  }

  function setStatus(text, kind) {
    const status = el('status');
    status.textContent = text;
    status.className = 'status' + (kind ? ' ' + kind : '');
  }

  async function getJson(path) {
    const response = await fetch(api(path), { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
    if (!response.ok) {
      let detail = response.statusText;
      try { detail = (await response.json()).detail || detail; } catch (e) { /* not JSON */ }
      throw new Error(response.status + ' ' + detail);
    }
    return response.json();
  }

  // ---- rendering
  function renderBalances(balances, changedPosition) {
    state.currency = balances.currency;
    const scale = scaleOf(balances.currency);
    const years = new Map();
    for (const row of balances.rows) {
      if (!years.has(row.fiscalYear)) years.set(row.fiscalYear, []);
      years.get(row.fiscalYear).push(row);
    }
    const yearInfo = new Map((balances.years || []).map((y) => [y.fiscalYear, y]));
    const container = el('years');
    const previous = state.lastCells;
    const cells = new Map();
    const fragment = document.createDocumentFragment();
    for (const [year, rows] of years) {
      const wrap = document.createElement('div');
      wrap.className = 'table-wrap';
      // scrolls sideways on a narrow screen: focusable and named, so a keyboard can scroll it too
      wrap.tabIndex = 0;
      wrap.setAttribute('role', 'region');
      wrap.setAttribute('aria-label', 'Fiscal year ' + year);
      const table = document.createElement('table');
      const info = yearInfo.get(year) || {};
      const caption = table.createCaption();
      caption.textContent = 'Fiscal year ' + year + ' ';
      const extra = document.createElement('span');
      extra.className = 'hint';
      extra.textContent = (info.budget ? '· budget ' + money(info.budget) : '· no budget set') + (info.closed ? ' · closed' : '');
      caption.appendChild(extra);
      const head = table.createTHead().insertRow();
      const corner = document.createElement('th');
      corner.scope = 'col';
      corner.textContent = 'City';
      head.appendChild(corner);
      for (const [, label] of FIELDS) {
        const th = document.createElement('th');
        th.scope = 'col';
        th.textContent = label;
        head.appendChild(th);
      }
      const body = table.createTBody();
      const totals = Object.fromEntries(SUMMED.map((f) => [f, 0n]));
      let shareTotal = 0;
      let budgetMissing = false;
      for (const row of rows) {
        const tr = body.insertRow();
        const th = document.createElement('th');
        th.scope = 'row';
        th.textContent = row.funder;
        tr.appendChild(th);
        for (const [field] of FIELDS) {
          const td = tr.insertCell();
          td.dataset.funder = row.funder;
          td.dataset.year = year;
          td.dataset.field = field;
          const value = row[field];
          td.textContent = field === 'sharePercent' ? value + '%' : money(value);
          if (field === 'position' && value && minor(value, scale) !== 0n) td.classList.add(value.startsWith('-') ? 'debit' : 'credit');
          const key = row.funder + '|' + year + '|' + field;
          cells.set(key, td.textContent);
          if (changedPosition && previous.has(key) && previous.get(key) !== td.textContent) td.classList.add('changed');
        }
        shareTotal += Number(row.sharePercent);
        for (const field of SUMMED) {
          if (row[field] === undefined) { if (field === 'budgetShare') budgetMissing = true; continue; }
          totals[field] += minor(row[field], scale);
        }
      }
      const foot = table.createTFoot().insertRow();
      const total = document.createElement('th');
      total.scope = 'row';
      total.textContent = 'Total';
      foot.appendChild(total);
      for (const [field] of FIELDS) {
        const td = foot.insertCell();
        td.dataset.year = year;
        td.dataset.total = field;
        if (field === 'sharePercent') td.textContent = (Math.round(shareTotal * 100) / 100) + '%';
        else if (field === 'budgetShare' && budgetMissing) td.textContent = '—';
        else td.textContent = money(decimal(totals[field], scale));
      }
      wrap.appendChild(table);
      fragment.appendChild(wrap);
    }
    container.replaceChildren(fragment);
    state.lastCells = cells;
    renderChart(balances);
    setTimeout(() => document.querySelectorAll('.changed').forEach((c) => c.classList.remove('changed')), 1500);
  }

  function renderChart(balances) {
    state.balances = balances;
    const years = [...new Set(balances.rows.map((r) => r.fiscalYear))];
    const picker = el('chart-year');
    const keep = picker.value;
    if ([...picker.options].map((o) => o.value).join() !== years.join()) {
      picker.replaceChildren(...years.map((y) => new Option(y, y)));
    }
    picker.value = years.includes(keep) ? keep : (years.find((y) => balances.rows.some((r) => r.fiscalYear === y && Number(r.committed) !== 0)) || years[0]);
    if (!window.echarts) return;
    if (!state.chart) {
      state.chart = window.echarts.init(el('chart'), null, { renderer: 'svg' });
      window.addEventListener('resize', () => state.chart.resize());
      picker.addEventListener('change', () => renderChart(state.balances));
    }
    const rows = balances.rows.filter((r) => r.fiscalYear === picker.value);
    const fontSize = Math.round(parseFloat(getComputedStyle(document.documentElement).fontSize) * 0.8);
    const series = [['committed', 'Committed', '#1d5aa8'], ['received', 'Received', '#00703c'], ['costShare', 'Cost share', '#d4351c']]
      .map(([field, name, color]) => ({
        name, type: 'bar', itemStyle: { color },
        data: rows.map((r) => Number(r[field])), // display only: the tables hold the exact figures
      }));
    state.chart.setOption({
      aria: { enabled: true, decal: { show: true } },
      animation: !window.matchMedia('(prefers-reduced-motion: reduce)').matches,
      textStyle: { fontSize },
      tooltip: { trigger: 'axis', valueFormatter: (v) => money(String(v)) },
      legend: { top: 0, textStyle: { fontSize } },
      grid: { left: 8, right: 8, bottom: 8, top: fontSize * 2.5, containLabel: true },
      xAxis: { type: 'category', data: rows.map((r) => r.funder), axisLabel: { interval: 0, fontSize } },
      yAxis: { type: 'value', axisLabel: { fontSize, formatter: (v) => new Intl.NumberFormat('en-GB', { style: 'currency', currency: state.currency, notation: 'compact' }).format(v) } },
      series,
    }, true);
  }

  function describe(event) {
    const p = event.payload || {};
    const amount = p.amount && p.amount.amount ? money(p.amount.amount) : null;
    const who = p.funder ? p.funder + (p.contributor && p.contributor !== p.funder ? ' (' + p.contributor + ')' : '') : null;
    const parts = [EVENT_NAMES[event.type] || event.type, who, p.fiscalYear, amount, p.category, p.reason].filter(Boolean);
    return parts.join(' · ');
  }

  function renderEvents() {
    const list = el('events');
    list.replaceChildren(...state.events.slice(0, 10).map((event) => {
      const li = document.createElement('li');
      const what = document.createElement('span');
      what.textContent = describe(event);
      const meta = document.createElement('span');
      meta.className = 'meta';
      const decision = event.payload && event.payload.decisionRef ? ' · decision ' + event.payload.decisionRef : '';
      const when = new Date(event.recordedAt).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'medium' });
      meta.textContent = decision + ' · recorded ' + when + ' · position ' + event.position;
      li.append(what, meta);
      return li;
    }));
  }

  // ---- live and past
  function closeStream() {
    if (state.source) { state.source.close(); state.source = null; }
  }

  function goLive() {
    closeStream();
    state.mode = 'live';
    el('live').setAttribute('aria-pressed', 'true');
    el('live').disabled = true;
    el('events').parentElement.hidden = false;
    setStatus('Connecting…');
    const source = new EventSource(api('/api/arrangements/' + encodeURIComponent(state.id) + '/balances/stream'));
    state.source = source;
    source.addEventListener('balances', (message) => {
      const data = JSON.parse(message.data);
      if (data.recent) state.events = data.recent;
      if (data.events) state.events = [...data.events].reverse().concat(state.events).slice(0, 10);
      renderBalances(data.balances, data.events ? data.position : null);
      renderEvents();
      setStatus('Live · position ' + data.position + ' · updated ' + new Date().toLocaleTimeString('en-GB'), 'live');
    });
    source.addEventListener('error', () => {
      if (state.source === source) setStatus('Connection lost; reconnecting (no change will be missed)…', 'down');
    });
  }

  async function showAsOf(local) {
    const position = el('at-position').value.trim();
    if (position) { showAtPosition(position); return; }
    const instant = new Date(local);
    if (Number.isNaN(instant.getTime())) { setStatus('Give a date and time (or a position) to view the ledger as of.', 'down'); return; }
    closeStream();
    state.mode = 'past';
    el('live').setAttribute('aria-pressed', 'false');
    el('live').disabled = false;
    try {
      const balances = await getJson('/api/arrangements/' + encodeURIComponent(state.id) + '/balances?asOf=' + encodeURIComponent(instant.toISOString()));
      renderBalances(balances, null);
      el('events').parentElement.hidden = true;
      setStatus('As of ' + instant.toLocaleString('en-GB', { dateStyle: 'long', timeStyle: 'medium' }) + ' (position ' + balances.position + '); not updating.', 'past');
    } catch (e) {
      setStatus('Nothing to show as of that instant: ' + e.message, 'down');
    }
  }

  /** The ledger as it was just after the event at a global position (an auditor's link). */
  async function showAtPosition(position) {
    if (!/^\d{1,18}$/.test(position)) { setStatus('A position is a whole number, such as 42.', 'down'); return; }
    closeStream();
    state.mode = 'past';
    el('live').setAttribute('aria-pressed', 'false');
    el('live').disabled = false;
    try {
      const balances = await getJson('/api/arrangements/' + encodeURIComponent(state.id) + '/balances?atPosition=' + position);
      renderBalances(balances, null);
      el('events').parentElement.hidden = true;
      setStatus('At position ' + position + '; not updating.', 'past');
    } catch (e) {
      setStatus('Nothing to show at that position: ' + e.message, 'down');
    }
  }

  async function choose(id) {
    state.id = id;
    const chosen = state.known.get(id);
    el('arrangement-name').textContent = chosen ? chosen.name : id;
    if (chosen) {
      el('terms').textContent = 'Hosted by ' + chosen.host + ' · ' + chosen.currency + ' · fiscal years ' + chosen.firstFiscalYear + ' to ' + chosen.lastFiscalYear;
      state.currency = chosen.currency;
    }
    const url = new URL(window.location.href);
    url.searchParams.set('arrangement', id);
    window.history.replaceState(null, '', url.pathname + url.search);
    state.lastCells = new Map();
    goLive();
  }

  // The picker holds a page of arrangements (a programme may run thousands): the first fifty, or those
  // whose id or name contains what the user types in the search box, found by the service.
  const PICK = 50;
  function fill(list) {
    const select = el('arrangement');
    const chosen = state.id ? state.known.get(state.id) : null;
    const shown = chosen && !list.some((a) => a.arrangementId === chosen.arrangementId) ? [chosen, ...list] : list;
    select.replaceChildren(...shown.map((a) => new Option(a.name + ' (' + a.arrangementId + ')', a.arrangementId)));
    for (const a of list) state.known.set(a.arrangementId, a);
    if (state.id) select.value = state.id;
  }

  async function search(text) {
    const found = el('arrangement-found');
    try {
      const list = await getJson('/api/arrangements?limit=' + PICK + (text ? '&q=' + encodeURIComponent(text) : ''));
      fill(list);
      found.textContent = list.length === 0 ? 'No arrangement matches.'
        : list.length === PICK ? 'The first ' + PICK + ' shown; type more to narrow.'
        : list.length + (list.length === 1 ? ' arrangement matches.' : ' arrangements match.');
    } catch (e) {
      found.textContent = 'Could not search: ' + e.message;
    }
  }

  async function start() {
    state.known = new Map();
    let arrangements;
    try {
      arrangements = await getJson('/api/arrangements?limit=' + PICK);
    } catch (e) {
      setStatus('Could not list the arrangements: ' + e.message, 'down');
      return;
    }
    if (arrangements.length === 0) { setStatus('There are no arrangements yet.'); return; }
    const wanted = new URLSearchParams(window.location.search).get('arrangement');
    let id = arrangements[0].arrangementId;
    if (wanted && arrangements.some((a) => a.arrangementId === wanted)) {
      id = wanted;
    } else if (wanted) {
      try { arrangements = [await getJson('/api/arrangements/' + encodeURIComponent(wanted)), ...arrangements]; id = wanted; } catch (e) { /* not there: the first */ }
    }
    fill(arrangements);
    const select = el('arrangement');
    select.value = id;
    select.addEventListener('change', () => choose(select.value));
    let typing = null;
    el('arrangement-search').addEventListener('input', (e) => {
      clearTimeout(typing);
      typing = setTimeout(() => search(e.target.value.trim()), 250);
    });
    el('controls').addEventListener('submit', (e) => { e.preventDefault(); showAsOf(el('as-of').value); });
    el('live').addEventListener('click', () => { el('as-of').value = ''; el('at-position').value = ''; goLive(); });
    choose(id);
  }

  document.addEventListener('DOMContentLoaded', start);
})();

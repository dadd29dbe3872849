// The workspace: finance forms (FINANCE), the import of a spreadsheet (FINANCE), and the audit
// tools (FINANCE, AUDITOR) on the dashboard page. No build step: plain browser JavaScript.
// Every form is sent with an Idempotency-Key made once per filling of the form, so a double click
// or a retry after a network error never stores twice. A refusal shows next to the field it names.
'use strict';

(function () {
  const api = (path) => new URL(path, window.location.origin).toString();
  const el = (id) => document.getElementById(id);
  const state = { id: null, arrangement: null, roles: [], balances: null };

  // in words a finance officer understands; the code stays beside it for support
  const WORDS = {
    'funder-not-party': 'This city has no share in the arrangement in that fiscal year.',
    'fiscal-year-closed': 'That fiscal year is closed: it takes no more entries.',
    'fiscal-year-outside-term': 'That fiscal year is outside the arrangement\'s term.',
    'contributor-required': 'This city\'s share is split: name the body that pays (for example GLA or LFC).',
    'contributor-not-party': 'That body is not one of this city\'s contributors in that year.',
    'amount-not-positive': 'The amount must be more than zero.',
    'currency-mismatch': 'The amount is not in the currency this city pays in.',
    'reporting-amount-required': 'This city pays in its own currency: give the amount in the reporting currency, the rate, or both.',
    'reporting-amount-not-allowed': 'This city pays in the reporting currency: leave the reporting amount and rate empty.',
    'rate-mismatch': 'The amount times the rate does not give the reporting amount (rounded half to even).',
    'rate-invalid': 'The rate must be a positive number of at most 12 significant digits.',
    'decision-limit-exceeded': 'The decision does not authorise that much.',
    'decision-does-not-cover': 'The decision authorises nothing for this city in that year.',
    'decision-not-registered': 'The decision must be registered first.',
    'entry-already-reversed': 'That entry has already been reversed.',
    'entry-not-reversible': 'That entry cannot be reversed (a pledge is withdrawn instead).',
    'entry-not-found': 'There is no such entry.',
    'earlier-year-open': 'An earlier fiscal year is still open: years close in order.',
    'fiscal-year-already-closed': 'That fiscal year is closed already.',
    'missing-field': 'This is required.',
    'forbidden': 'Your role may not do this.',
  };

  // ---- small helpers
  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  }

  /** An amount as people write it, in the contract's form: "£18,938.00" -> "18938.00". */
  function normalizeAmount(text) {
    let t = text.trim().replace(/^[£$€¥]|^(GBP|SEK|USD|EUR|kr)\s*|\s*(GBP|SEK|USD|EUR|kr)$/gi, '').replace(/[\s\u00a0]/g, '');
    if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(t)) t = t.replace(/,/g, '');
    return t;
  }

  async function getJson(path) {
    const response = await fetch(api(path), { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
    if (!response.ok) throw new Error(response.status + ' ' + response.statusText);
    return response.json();
  }

  function node(tag, attributes, ...children) {
    const n = document.createElement(tag);
    for (const [k, v] of Object.entries(attributes || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'text') n.textContent = v; else n.setAttribute(k, v === true ? '' : v);
    }
    children.filter(Boolean).forEach((c) => n.append(c));
    return n;
  }

  // ---- the forms, as data: each field's name is the contract's
  const FUNDER = { name: 'funder', label: 'City', type: 'funder', required: true };
  const CONTRIBUTOR = { name: 'contributor', label: 'Paying body', hint: 'GLA or LFC for London; empty for a city that pays itself' };
  const YEAR = { name: 'fiscalYear', label: 'Fiscal year', type: 'year', required: true };
  const AMOUNT = { name: 'amount', label: 'Amount', type: 'amount', required: true, hint: 'in the city\'s own currency' };
  const CONVERSION = [
    { name: 'reportingAmount', label: 'Amount in the reporting currency', type: 'amount', hint: 'only for a city paying in its own currency' },
    { name: 'rate', label: 'Rate', hint: 'reporting units per one unit of the city\'s currency, e.g. 0.0745' },
    { name: 'rateSource', label: 'Source of the rate' },
  ];
  const FORMS = [
    { id: 'receipt', title: 'Receipt', path: 'receipts', fields: [FUNDER, CONTRIBUTOR, YEAR, AMOUNT, ...CONVERSION,
      { name: 'receivedOn', label: 'Received on', type: 'date', required: true }] },
    { id: 'commitment', title: 'Commitment', path: 'commitments', fields: [FUNDER, CONTRIBUTOR, YEAR, AMOUNT, ...CONVERSION,
      { name: 'decisionRef', label: 'Decision', required: true, hint: 'the reference of the decision that approves it, e.g. ADD2634' }] },
    { id: 'cost', title: 'Cost', path: 'costs', fields: [YEAR,
      { name: 'category', label: 'Category', required: true, hint: 'e.g. coordinator, conference, annual report' },
      { name: 'amount', label: 'Amount', type: 'amount', required: true, hint: 'in the reporting currency' },
      { name: 'incurredOn', label: 'Incurred on', type: 'date', required: true },
      { name: 'description', label: 'Description', required: true }] },
    { id: 'in-kind', title: 'Contribution in kind', path: 'in-kind', fields: [FUNDER, CONTRIBUTOR, YEAR,
      { name: 'category', label: 'Category', required: true, hint: 'e.g. conference, annual report' },
      { name: 'value', label: 'Value', type: 'amount', required: true, hint: 'in the reporting currency' },
      { name: 'description', label: 'Description', required: true },
      { name: 'treatment', label: 'Treatment', type: 'treatment', required: true }] },
    { id: 'pledge', title: 'Pledge (not yet approved)', path: 'pledges', fields: [FUNDER, CONTRIBUTOR, YEAR, AMOUNT, ...CONVERSION,
      { name: 'note', label: 'Note' }] },
    { id: 'confirm', title: 'Confirm a pledge', path: (v) => 'pledges/' + encodeURIComponent(v.pledgeId) + '/confirm', omit: ['pledgeId'],
      fields: [{ name: 'pledgeId', label: 'Pledge', required: true, hint: 'the pledge\'s entry id' },
        { name: 'amount', label: 'Amount committed', type: 'amount', required: true, hint: 'may differ from the pledge' },
        ...CONVERSION, { name: 'decisionRef', label: 'Decision', required: true }] },
    { id: 'withdraw', title: 'Withdraw a pledge', path: (v) => 'pledges/' + encodeURIComponent(v.pledgeId) + '/withdraw', omit: ['pledgeId'],
      fields: [{ name: 'pledgeId', label: 'Pledge', required: true, hint: 'the pledge\'s entry id' },
        { name: 'reason', label: 'Reason', required: true }] },
    { id: 'reversal', title: 'Reverse an entry', path: 'reversals', fields: [
      { name: 'entryId', label: 'Entry to reverse', required: true, hint: 'start from "Reverse" in the entries below' },
      { name: 'reason', label: 'Reason', required: true }] },
  ];

  function fieldControl(form, field) {
    const id = form + '-' + field.name;
    const described = [field.hint ? id + '-hint' : null, id + '-error'].filter(Boolean).join(' ');
    let control;
    if (field.type === 'funder' || field.type === 'year' || field.type === 'treatment') {
      control = node('select', { id, name: field.name, required: field.required, 'aria-describedby': described });
      const options = field.type === 'funder' ? (state.arrangement.shares || []).map((s) => s.funder)
        : field.type === 'year' ? (state.arrangement.years || []).map((y) => y.fiscalYear)
          : ['OFFSET', 'MEMO'];
      options.forEach((o) => control.add(new Option(field.type === 'treatment'
        ? (o === 'OFFSET' ? 'OFFSET: a cost of the year and a contribution of the city' : 'MEMO: shown only') : o, o)));
    } else {
      control = node('input', {
        id, name: field.name, required: field.required, 'aria-describedby': described,
        type: field.type === 'date' ? 'date' : 'text', inputmode: field.type === 'amount' ? 'decimal' : null,
        autocomplete: 'off',
      });
    }
    return node('div', { class: 'field' },
      node('label', { for: id, text: field.label + (field.required ? '' : ' (optional)') }),
      field.hint ? node('span', { id: id + '-hint', class: 'hint', text: field.hint }) : null,
      control,
      node('span', { id: id + '-error', class: 'error' }));
  }

  function clearErrors(form) {
    form.querySelectorAll('.error').forEach((e) => { e.textContent = ''; });
    form.querySelectorAll('[aria-invalid]').forEach((c) => c.removeAttribute('aria-invalid'));
  }

  /** A refusal next to the field it names (or at the form's result when it names none). */
  function showProblem(form, result, problem) {
    const words = (WORDS[problem.code] || problem.detail || 'The ledger refused this.') + ' (code: ' + problem.code + ')';
    const control = problem.field && form.elements[problem.field.replace(/\[.*$/, '')];
    if (control && control.id) {
      control.setAttribute('aria-invalid', 'true');
      const amount = control.getAttribute('inputmode') === 'decimal' && problem.code === 'invalid-field';
      el(control.id + '-error').textContent = amount
        ? 'Write the amount in figures, with at most the currency\'s decimals, such as 18,938.00 (code: invalid-field).'
        : problem.detail && !WORDS[problem.code] ? problem.detail + ' (code: ' + problem.code + ')' : words;
      control.focus();
      result.textContent = 'Not stored: see the field marked.';
    } else {
      result.textContent = 'Not stored: ' + words;
    }
    result.className = 'result refused';
  }

  /** Sends a form once: its key is made when it is first sent and kept until an answer says what happened. */
  async function send(form, path, body, result, onDone) {
    const button = form.querySelector('button[type=submit]');
    if (form.dataset.sending === 'true') return;
    form.dataset.sending = 'true';
    button.disabled = true;
    if (!form.dataset.key) form.dataset.key = newKey();
    result.className = 'result';
    result.textContent = 'Sending…';
    try {
      const response = await fetch(api('/api/arrangements/' + encodeURIComponent(state.id) + '/' + path), {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'Idempotency-Key': form.dataset.key },
        body: JSON.stringify(body),
      });
      const answer = await response.json().catch(() => ({}));
      if (response.ok) {
        delete form.dataset.key;
        result.className = 'result stored';
        result.textContent = (response.status === 202 ? 'Stored; the figures will show it in a moment' : 'Stored')
          + (answer.entryId ? ': entry ' + answer.entryId : '') + (answer.position ? ' at position ' + answer.position : '') + '.';
        if (onDone) onDone(answer);
      } else if (response.status >= 500 || response.status === 409 || response.status === 429) {
        // the outcome may be unknown: the same key finds out, and never stores twice
        result.className = 'result refused';
        result.textContent = 'Not sure it was stored (' + (answer.code || response.status) + '): send it again, it will not be stored twice.';
      } else {
        delete form.dataset.key;
        showProblem(form, result, answer);
      }
    } catch (e) {
      result.className = 'result refused';
      result.textContent = 'The network failed: send it again, it will not be stored twice.';
    } finally {
      form.dataset.sending = 'false';
      button.disabled = false;
    }
  }

  function entryForm(spec) {
    const result = node('p', { class: 'result', role: 'status', 'aria-live': 'polite', id: 'form-' + spec.id + '-result' });
    const form = node('form', { id: 'form-' + spec.id, novalidate: true, 'aria-labelledby': 'form-' + spec.id + '-title' },
      ...spec.fields.map((f) => fieldControl(spec.id, f)),
      node('button', { type: 'submit', text: 'Record ' + spec.title.toLowerCase().replace(/ \(.*\)/, '') }),
      result);
    form.addEventListener('input', () => { if (form.dataset.sending !== 'true') delete form.dataset.key; });
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      clearErrors(form);
      const body = {};
      for (const f of spec.fields) {
        const value = form.elements[f.name].value.trim();
        if (value === '') {
          if (f.required) { showProblem(form, result, { code: 'missing-field', field: f.name }); return; }
          continue;
        }
        body[f.name] = f.type === 'amount' ? normalizeAmount(value) : value;
      }
      const path = typeof spec.path === 'function' ? spec.path(body) : spec.path;
      (spec.omit || []).forEach((name) => delete body[name]);
      send(form, path, body, result, () => { form.reset(); refreshEntries(); });
    });
    return node('details', { id: 'details-' + spec.id },
      node('summary', { id: 'form-' + spec.id + '-title', text: spec.title }), form);
  }

  // ---- register a decision and what it authorises: as many authorisations as it lists (the API takes 500)
  function decisionForm() {
    const result = node('p', { class: 'result', role: 'status', 'aria-live': 'polite', id: 'form-decision-result' });
    const authorisation = (i) => node('fieldset', { class: 'authorisation', id: 'decision-authorisation' + i },
      node('legend', { text: 'Authorisation ' + (i + 1) + (i === 0 ? '' : ' (optional)') }),
      fieldControl('decision', { name: 'funder' + i, label: 'City', type: 'funder', required: i === 0 }),
      fieldControl('decision', { name: 'contributor' + i, label: 'Paying body' }),
      fieldControl('decision', { name: 'fiscalYear' + i, label: 'Fiscal year', type: 'year', required: i === 0 }),
      fieldControl('decision', { name: 'amount' + i, label: 'Amount authorised', type: 'amount', required: i === 0 }));
    let count = 1;
    const more = node('button', { type: 'button', id: 'decision-more', text: 'Add an authorisation' });
    const form = node('form', { id: 'form-decision', novalidate: true },
      fieldControl('decision', { name: 'decisionRef', label: 'Reference', required: true, hint: 'e.g. ADD2634' }),
      fieldControl('decision', { name: 'title', label: 'Title', required: true }),
      fieldControl('decision', { name: 'decisionType', label: 'Type', hint: 'e.g. Assistant Director decision' }),
      fieldControl('decision', { name: 'signedOn', label: 'Signed on', type: 'date', required: true }),
      authorisation(0), more, node('button', { type: 'submit', text: 'Register the decision' }), result);
    more.addEventListener('click', () => {
      const added = authorisation(count++);
      more.before(added);
      added.querySelector('select').focus();
    });
    form.addEventListener('input', () => { if (form.dataset.sending !== 'true') delete form.dataset.key; });
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      clearErrors(form);
      const v = (name) => form.elements[name].value.trim();
      const body = { decisionRef: v('decisionRef'), title: v('title'), signedOn: v('signedOn'), authorisations: [] };
      if (v('decisionType')) body.decisionType = v('decisionType');
      for (let i = 0; i < count; i++) {
        if (i > 0 && !v('amount' + i)) continue;
        const a = { funder: v('funder' + i), fiscalYear: v('fiscalYear' + i), amount: normalizeAmount(v('amount' + i)) };
        if (v('contributor' + i)) a.contributor = v('contributor' + i);
        body.authorisations.push(a);
      }
      send(form, 'decisions', body, result, () => {
        form.reset();
        for (; count > 1; count--) el('decision-authorisation' + (count - 1)).remove();
        refreshEntries();
        renderRegister();
      });
    });
    return node('details', { id: 'details-decision' }, node('summary', { text: 'Register a decision' }), form);
  }

  // ---- review: a dry run first, every cell it would change marked on the tables, then confirmed
  function reviewForm() {
    const years = (state.arrangement.years || []).filter((y) => !y.closed);
    const result = node('p', { class: 'result', role: 'status', 'aria-live': 'polite', id: 'form-review-result' });
    const shares = (state.arrangement.shares || []).map((s, i) => fieldControl('review',
      { name: 'share' + i, label: 'Share of ' + s.funder + ' (%)', hint: 'now ' + s.percent + '%' }));
    const preview = node('div', { id: 'review-preview', 'aria-live': 'polite' });
    const confirm = node('button', { type: 'submit', text: 'Record the review', disabled: true });
    const form = node('form', { id: 'form-review', novalidate: true },
      fieldControl('review', { name: 'effectiveFrom', label: 'Effective from', type: 'year', required: true }),
      ...shares,
      fieldControl('review', { name: 'annualBudget', label: 'Annual budget', type: 'amount' }),
      fieldControl('review', { name: 'reason', label: 'Reason', required: true }),
      fieldControl('review', { name: 'decisionRef', label: 'Decision', required: true }),
      node('button', { type: 'button', id: 'review-preview-button', text: 'Show what the review changes' }),
      preview, confirm, result);
    form.elements.effectiveFrom.replaceChildren(...years.map((y) => new Option(y.fiscalYear, y.fiscalYear)));
    const body = () => {
      const v = (name) => form.elements[name].value.trim();
      const b = { effectiveFrom: v('effectiveFrom'), reason: v('reason'), decisionRef: v('decisionRef') };
      const given = (state.arrangement.shares || []).map((s, i) => ({ funder: s.funder, percent: v('share' + i) || s.percent }));
      if (given.some((g, i) => g.percent !== state.arrangement.shares[i].percent)) b.shares = given;
      if (v('annualBudget')) b.annualBudget = normalizeAmount(v('annualBudget'));
      return b;
    };
    const unmark = () => document.querySelectorAll('.would-change').forEach((c) => { c.classList.remove('would-change'); c.removeAttribute('title'); });
    form.addEventListener('input', () => { confirm.disabled = true; preview.replaceChildren(); unmark(); delete form.dataset.key; });
    form.querySelector('#review-preview-button').addEventListener('click', async () => {
      clearErrors(form);
      unmark();
      const response = await fetch(api('/api/arrangements/' + encodeURIComponent(state.id) + '/reviews?dryRun=true'), {
        method: 'POST', credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(body()),
      });
      const answer = await response.json().catch(() => ({}));
      if (!response.ok) { showProblem(form, result, answer); return; }
      const table = node('table', { class: 'preview', id: 'review-changes' });
      table.createCaption().textContent = answer.changes.length + ' figures would change; they are marked on the tables above';
      const head = table.createTHead().insertRow();
      ['City', 'Year', 'Figure', 'Now', 'After'].forEach((t) => head.append(node('th', { scope: 'col', text: t })));
      const tbody = table.createTBody();
      for (const c of answer.changes) {
        const tr = tbody.insertRow();
        tr.append(node('th', { scope: 'row', text: c.funder + (c.contributor ? ' (' + c.contributor + ')' : '') }));
        [c.fiscalYear, c.field, c.before || '—', c.after || '—'].forEach((t) => { tr.insertCell().textContent = t; });
        if (!c.contributor) {
          const cell = document.querySelector('td[data-funder="' + CSS.escape(c.funder) + '"][data-year="' + c.fiscalYear + '"][data-field="' + c.field + '"]');
          if (cell) { cell.classList.add('would-change'); cell.title = 'after the review: ' + c.after; }
        }
      }
      preview.replaceChildren(table);
      result.textContent = 'Nothing is stored yet.';
      confirm.disabled = false;
    });
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      clearErrors(form);
      send(form, 'reviews', body(), result, () => { confirm.disabled = true; unmark(); refreshEntries(); });
    });
    return node('details', { id: 'details-review' }, node('summary', { text: 'Review the arrangement' }), form);
  }

  // ---- close a year: what it will carry forward (or settle) is shown before it is sent
  function closeForm() {
    const years = (state.arrangement.years || []).filter((y) => !y.closed).map((y) => y.fiscalYear);
    const select = node('select', { id: 'close-fiscalYear', name: 'fiscalYear', 'aria-describedby': 'close-fiscalYear-error' });
    years.forEach((y) => select.add(new Option(y, y)));
    const preview = node('div', { id: 'close-preview', 'aria-live': 'polite' });
    const confirm = node('button', { type: 'submit', text: 'Close the year', disabled: true });
    const result = node('p', { class: 'result', role: 'status', 'aria-live': 'polite', id: 'form-close-result' });
    const form = node('form', { id: 'form-close', novalidate: true },
      node('div', { class: 'field' }, node('label', { for: 'close-fiscalYear', text: 'Fiscal year' }), select,
        node('span', { id: 'close-fiscalYear-error', class: 'error' })),
      node('button', { type: 'button', id: 'close-preview-button', text: 'Show what closing records' }),
      preview, confirm, result);
    form.querySelector('#close-preview-button').addEventListener('click', async () => {
      const year = select.value;
      const balances = await getJson('/api/arrangements/' + encodeURIComponent(state.id) + '/balances?fiscalYear=' + encodeURIComponent(year));
      const last = state.arrangement.lastFiscalYear === year;
      const table = node('table', { class: 'preview' });
      table.createCaption().textContent = last
        ? 'Closing ' + year + ', the last year, records these settlements (positive: a refund due to the city; negative: due from it)'
        : 'Closing ' + year + ' carries these positions into the next year';
      const head = table.createTHead().insertRow();
      ['City', last ? 'Settlement' : 'Carried forward'].forEach((t) => head.append(node('th', { scope: 'col', text: t })));
      const body = table.createTBody();
      for (const row of balances.rows) {
        const tr = body.insertRow();
        tr.append(node('th', { scope: 'row', text: row.funder }));
        tr.insertCell().textContent = new Intl.NumberFormat('en-GB', { style: 'currency', currency: balances.currency }).format(row.position);
      }
      preview.replaceChildren(table);
      confirm.disabled = false;
      confirm.textContent = 'Close ' + year + ' and record this';
    });
    select.addEventListener('change', () => { preview.replaceChildren(); confirm.disabled = true; delete form.dataset.key; });
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      clearErrors(form);
      send(form, 'fiscal-years/' + encodeURIComponent(select.value) + '/close', {}, result, () => { confirm.disabled = true; });
    });
    return node('details', { id: 'details-close' }, node('summary', { text: 'Close a fiscal year' }), form);
  }

  // ---- import: check the file, see every row's result, then apply with one click
  function importForm() {
    const file = node('input', { id: 'import-file', name: 'file', type: 'file', accept: '.csv,text/csv', 'aria-describedby': 'import-file-hint' });
    const report = node('div', { id: 'import-report', 'aria-live': 'polite' });
    const apply = node('button', { type: 'button', id: 'import-apply', text: 'Import the rows', disabled: true });
    const result = node('p', { class: 'result', role: 'status', 'aria-live': 'polite', id: 'form-import-result' });
    const form = node('form', { id: 'form-import', novalidate: true },
      node('div', { class: 'field' }, node('label', { for: 'import-file', text: 'Spreadsheet (CSV, a header row)' }),
        node('span', { id: 'import-file-hint', class: 'hint', text: 'columns: reference, kind (commitment, receipt, cost, pledge, in-kind), funder, contributor, fiscalYear, amount, date, decisionRef, category, description, treatment, note, reportingAmount, rate, rateSource' }),
        file),
      node('button', { type: 'submit', text: 'Check the file' }), report, apply, result);
    let text = null;
    file.addEventListener('change', () => { text = null; apply.disabled = true; report.replaceChildren(); delete form.dataset.key; });
    async function post(dryRun) {
      if (!form.dataset.key && !dryRun) form.dataset.key = newKey();
      const response = await fetch(api('/api/arrangements/' + encodeURIComponent(state.id) + '/imports' + (dryRun ? '?dryRun=true' : '')), {
        method: 'POST', credentials: 'same-origin',
        headers: Object.assign({ 'Content-Type': 'text/csv', Accept: 'application/json' }, dryRun ? {} : { 'Idempotency-Key': form.dataset.key }),
        body: text,
      });
      return { status: response.status, answer: await response.json().catch(() => ({})) };
    }
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      if (!file.files.length) { result.textContent = 'Choose a file first.'; return; }
      text = await file.files[0].text();
      const { status, answer } = await post(true);
      if (status === 200) {
        report.replaceChildren(node('p', { text: answer.rows + ' rows: ' + answer.created + ' to create, ' + answer.alreadyImported + ' already imported. Nothing is stored yet.' }));
        apply.disabled = answer.created === 0;
        apply.textContent = 'Import ' + answer.created + ' rows';
      } else {
        const errors = answer.errors || [];
        const table = node('table', { class: 'preview', id: 'import-errors' });
        table.createCaption().textContent = errors.length
          ? errors.length + ' rows cannot be imported; nothing will be stored until every one is right'
          : (answer.detail || 'The file cannot be read') + ' (code: ' + answer.code + ')';
        const head = table.createTHead().insertRow();
        ['Line', 'Column', 'Problem', 'Code'].forEach((t) => head.append(node('th', { scope: 'col', text: t })));
        const body = table.createTBody();
        for (const error of errors) {
          const tr = body.insertRow();
          tr.append(node('th', { scope: 'row', text: String(error.line) }));
          tr.insertCell().textContent = error.field || '';
          tr.insertCell().textContent = WORDS[error.code] || error.detail;
          tr.insertCell().textContent = error.code;
        }
        report.replaceChildren(table);
        apply.disabled = true;
      }
    });
    apply.addEventListener('click', async () => {
      apply.disabled = true;
      const { status, answer } = await post(false);
      if (status === 201 || status === 202) {
        delete form.dataset.key;
        result.className = 'result stored';
        result.textContent = 'Imported: ' + answer.created + ' entries created, ' + answer.alreadyImported + ' already imported'
          + (answer.firstPosition ? ' (positions ' + answer.firstPosition + ' to ' + answer.lastPosition + ')' : '') + '.';
        refreshEntries();
      } else {
        result.className = 'result refused';
        result.textContent = 'Not imported (' + (answer.code || status) + '): ' + (answer.detail || '') ;
        apply.disabled = false;
      }
    });
    return node('details', { id: 'details-import' }, node('summary', { text: 'Import from a spreadsheet' }), form);
  }

  // ---- the history explorer: filters, pages, each event linkable by position, reversible from here by FINANCE
  function filters() {
    const query = new URLSearchParams();
    for (const control of el('explorer').elements) {
      if (!control.name || !control.value.trim()) continue;
      const value = control.type === 'datetime-local' ? new Date(control.value).toISOString() : control.value.trim();
      query.set(control.name, value);
    }
    return query;
  }

  async function refreshEntries() { return search(null); }

  /** With no filter, the arrangement's latest entries; with filters, a page of the matching events from {@code from}. */
  async function search(from) {
    if (el('audit').hidden) return;
    const base = '/api/arrangements/' + encodeURIComponent(state.id) + '/events';
    const query = filters();
    const filtered = [...query.keys()].length > 0;
    let shown;
    let next = null;
    if (!filtered) {
      // the latest thousand positions of the history: the arrangement's entries among them
      const head = (await getJson('/api/arrangements/' + encodeURIComponent(state.id) + '/balances')).position;
      const page = await getJson(base + '?limit=1000&fromPosition=' + Math.max(0, head - 999));
      shown = page.events.filter((e) => e.payload && e.payload.entryId).slice(-25).reverse();
      el('explorer-status').textContent = 'The ' + shown.length + ' latest entries.';
    } else {
      query.set('limit', '50');
      if (from !== null) query.set('fromPosition', String(from));
      const page = await getJson(base + '?' + query.toString());
      shown = page.events;
      next = page.nextFromPosition;
      el('explorer-status').textContent = shown.length + ' events found' + (from !== null ? ' from position ' + from : '')
        + (next ? '; more may follow from position ' + next + '.' : '; the end of the history.');
    }
    const nextButton = el('explorer-next');
    nextButton.hidden = !next;
    nextButton.onclick = () => search(next);
    el('entries').tBodies[0].replaceChildren(...shown.map((event) => row(event, base)));
  }

  function row(event, base) {
    const p = event.payload || {};
    const tr = node('tr', { id: 'event-' + event.position });
    const link = node('a', { href: base + '?fromPosition=' + event.position + '&limit=1', text: String(event.position),
      'aria-label': 'event at position ' + event.position + ' with its metadata and hash' });
    const amount = (p.amount && p.amount.amount) || (p.value && p.value.amount);
    tr.append(node('td', {}, link),
      node('td', { text: new Date(event.recordedAt).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' }) }),
      node('td', { text: [event.type, p.funder, p.contributor, p.fiscalYear, amount, p.category].filter(Boolean).join(' · ') }),
      node('td', { text: p.entryId || '' }),
      node('td', { text: p.decisionRef || (event.metadata && event.metadata.decisionRef) || '' }),
      node('td', { text: (event.metadata && event.metadata.principal) || '' }));
    const action = tr.insertCell();
    const reversible = ['FundingCommitted', 'FundsReceived', 'CostRecorded', 'InKindRecorded', 'PledgeConfirmed'];
    if (state.roles.includes('FINANCE') && reversible.includes(event.type) && p.entryId) {
      const button = node('button', { type: 'button', class: 'link', text: 'Reverse', 'aria-label': 'Reverse entry ' + p.entryId });
      button.addEventListener('click', () => {
        el('details-reversal').open = true;
        const form = el('form-reversal');
        form.elements.entryId.value = p.entryId;
        el('reversal-entryId-hint').textContent = 'cancels: ' + [event.type, p.funder, p.fiscalYear, amount].filter(Boolean).join(' · ');
        form.elements.reason.focus();
      });
      action.append(button);
    }
    return tr;
  }

  let auditWired = false;

  function auditTools() {
    if (!auditWired) {
      auditWired = true;
      el('verify').addEventListener('click', verify);
      el('statement-year').addEventListener('change', renderStatements);
      el('explorer').addEventListener('submit', (e) => { e.preventDefault(); search(null); });
    }
    const funders = el('filter-funder');
    funders.replaceChildren(new Option('Any', ''), ...(state.arrangement.shares || []).map((s) => new Option(s.funder, s.funder)));
    const years = el('filter-fiscalYear');
    years.replaceChildren(new Option('Any', ''), ...(state.arrangement.years || []).map((y) => new Option(y.fiscalYear, y.fiscalYear)));
    (state.arrangement.years || []).forEach((y) => el('statement-year').add(new Option(y.fiscalYear, y.fiscalYear)));
    renderStatements();
    renderRegister();
  }

  /** Verifies the whole chain, showing how far it has got (the service streams a line per window of events). */
  async function verify() {
    const out = el('verify-result');
    const bar = el('verify-progress');
    out.textContent = 'Verifying every event of the history…';
    try {
      const head = (await getJson('/api/admin/projections'))[0].head;
      bar.max = Math.max(1, head);
      bar.value = 0;
      bar.hidden = false;
      const response = await fetch(api('/api/audit/verify?progress=true'), { credentials: 'same-origin' });
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let buffered = '';
      let v = null;
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffered += decoder.decode(value, { stream: true });
        const lines = buffered.split('\n');
        buffered = lines.pop();
        for (const line of lines.filter(Boolean)) {
          const message = JSON.parse(line);
          if (message.verifiedTo !== undefined) bar.value = message.verifiedTo; else v = message;
        }
      }
      if (buffered.trim()) v = JSON.parse(buffered);
      bar.value = bar.max;
      out.textContent = v && v.status === 'ok'
        ? 'The history verifies: ' + v.eventsChecked + ' events, head position ' + v.headPosition + ', ' + v.checkpointsChecked + ' signed checkpoints agree.'
        : 'The history is broken at position ' + (v && v.brokenAt) + ': ' + (v && v.reason) + '.';
    } catch (e) {
      out.textContent = 'Could not verify: ' + e.message;
    }
  }

  /** Every decision with what each of its authorisations allows, has committed and has left. */
  async function renderRegister() {
    const base = '/api/arrangements/' + encodeURIComponent(state.id) + '/decisions';
    const register = await getJson(base);
    const rows = [];
    for (const d of register.decisions) {
      const detail = await getJson(base + '/' + encodeURIComponent(d.decisionRef)).catch(() => null);
      const authorisations = detail && detail.authorisations.length ? detail.authorisations : [null];
      for (const a of authorisations) {
        const tr = node('tr');
        tr.append(node('th', { scope: 'row', text: d.decisionRef }), node('td', { text: d.registered ? 'yes' : 'cited only' }),
          node('td', { text: a ? a.funder + (a.contributor ? ' (' + a.contributor + ')' : '') : '' }),
          node('td', { text: a ? a.fiscalYear : '' }), node('td', { text: a ? a.authorised : '' }),
          node('td', { text: a ? a.committed : (d.committed || '') }), node('td', { text: a ? a.headroom : '' }));
        rows.push(tr);
      }
    }
    el('register').tBodies[0].replaceChildren(...rows);
  }

  function renderStatements() {
    const year = el('statement-year').value;
    el('statements').replaceChildren(...(state.arrangement.shares || []).map((s) => {
      const base = '/api/arrangements/' + encodeURIComponent(state.id) + '/statements/' + encodeURIComponent(s.funder)
        + '?fiscalYear=' + encodeURIComponent(year);
      return node('li', {}, node('span', { text: s.funder + ': ' }),
        ...['json', 'csv', 'pdf'].map((f) => node('a', {
          href: base + '&format=' + f, download: 'statement-' + s.funder + '-' + year + '.' + f, text: f.toUpperCase(),
          'aria-label': s.funder + ' statement ' + year + ' as ' + f.toUpperCase(),
        })));
    }));
  }

  async function start() {
    let me;
    try { me = await getJson('/api/me'); } catch (e) { return; }
    state.roles = me.roles;
    const finance = me.roles.includes('FINANCE');
    const auditor = finance || me.roles.includes('AUDITOR');
    if (!finance && !auditor) return;
    const select = el('arrangement');
    // the dashboard fills the arrangement picker; the workspace follows it
    for (let i = 0; i < 50 && !select.value; i++) await new Promise((r) => setTimeout(r, 100));
    const load = async () => {
      state.id = select.value;
      state.arrangement = await getJson('/api/arrangements/' + encodeURIComponent(state.id));
      if (finance) {
        el('forms').replaceChildren(...FORMS.map(entryForm), reviewForm(), decisionForm(), closeForm(), importForm());
        el('workspace').hidden = false;
      }
      if (auditor) {
        el('statement-year').replaceChildren();
        el('audit').hidden = false;
        auditTools();
        refreshEntries();
      }
    };
    select.addEventListener('change', load);
    await load();
  }

  document.addEventListener('DOMContentLoaded', start);
})();

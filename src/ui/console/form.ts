/**
 * Console forms: each field is named by its path in the API request
 * (`deploymentConfiguration.maximumPercent`, `containerDefinitions[0].image`), values go to the
 * engine as typed (a number field holding "abc" is sent as "abc", so the API's own validation
 * answers), and an ApiError is shown next to the field it names.
 */
import type { ApiError } from '../../sim/errors';
import { describeValue } from '../../sim/errors';
import type { CommandResult } from '../../sim/commands';

export interface Option { value: string; label: string }

export type FieldKind = 'text' | 'number' | 'select' | 'json' | 'checkbox' | 'checks';

export interface FieldSpec {
  /** Path in the request. */
  name: string;
  label: string;
  kind: FieldKind;
  /** Initial value (checkbox: 'true'; checks: comma-separated). */
  value?: string;
  hint?: string;
  placeholder?: string;
  /** Options for select and checks; a function is re-read on `refresh()`. */
  options?: Option[] | (() => Option[]);
  /** A select whose empty option means "leave out". */
  emptyLabel?: string;
  /** Rows for json fields. */
  rows?: number;
  /** Send the field only when this returns true for the form's current values. */
  when?: (v: FormValues) => boolean;
  /** A text field's suggestions. */
  suggestions?: readonly string[];
}

export type FormValues = Record<string, string | boolean | string[]>;

export interface FormSpec {
  id: string;
  title: string;
  /** The API action, shown as the form's subtitle. */
  action: string;
  intro?: string;
  /** Where errors that name no field of the form go (a JSON editor's one text area); else under the form. */
  fallbackField?: string;
  /** A warning shown under the intro (an action the engine does not model yet). */
  note?: string;
  submitLabel: string;
  fields: FieldSpec[];
  /** Builds the request; defaults to nesting fields by path. Return an ApiError to reject locally. */
  build?: (request: Record<string, unknown>, values: FormValues) => { request: Record<string, unknown> } | { error: ApiError };
  /** Sends the request; returns the result and a sentence for success. */
  submit: (request: Record<string, unknown>) => { result: CommandResult; success?: string };
}

/** Sets `value` at a path like `a.b[0].c`, creating objects and arrays on the way. */
export function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.replace(/\[(\d+)\]/g, '.$1').split('.');
  let o: Record<string, unknown> | unknown[] = target;
  keys.forEach((k, i) => {
    const last = i === keys.length - 1;
    const key = /^\d+$/.test(k) ? Number(k) : k;
    if (last) { (o as Record<string | number, unknown>)[key] = value; return; }
    const nextIsIndex = /^\d+$/.test(keys[i + 1]!);
    let next = (o as Record<string | number, unknown>)[key];
    if (next === undefined || next === null || typeof next !== 'object') {
      next = nextIsIndex ? [] : {};
      (o as Record<string | number, unknown>)[key] = next;
    }
    o = next as Record<string, unknown>;
  });
}

/** A number field's value: a number when it reads as one, otherwise the text as typed. */
export function numberOrRaw(text: string): number | string {
  const t = text.trim();
  const n = Number(t);
  return t !== '' && Number.isFinite(n) ? n : t;
}

/** Which field an error belongs to: the exact path, else the longest field path that prefixes it. */
export function fieldForError(names: readonly string[], errorField: string): string | null {
  if (names.includes(errorField)) return errorField;
  let best: string | null = null;
  for (const n of names) {
    if (errorField.startsWith(n) && /^[.[]/.test(errorField.slice(n.length)) && (!best || n.length > best.length)) best = n;
  }
  return best;
}

const slug = (s: string) => s.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '');

export class ConsoleForm {
  readonly element: HTMLFormElement;
  private controls = new Map<string, HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement | HTMLFieldSetElement>();
  private wrappers = new Map<string, HTMLElement>();
  private optionKeys = new Map<string, string>();
  private result: HTMLElement;
  private formError: HTMLElement;

  constructor(readonly spec: FormSpec) {
    const f = document.createElement('form');
    f.className = 'console-form';
    f.id = `form-${spec.id}`;
    f.noValidate = true;
    f.setAttribute('aria-labelledby', `${f.id}-title`);
    const h = document.createElement('h3');
    h.id = `${f.id}-title`;
    h.append(spec.title, Object.assign(document.createElement('span'), { className: 'api-name', textContent: ` ${spec.action}` }));
    f.append(h);
    if (spec.intro) f.append(Object.assign(document.createElement('p'), { className: 'muted small', textContent: spec.intro }));
    if (spec.note) f.append(Object.assign(document.createElement('p'), { className: 'form-note small', textContent: spec.note }));
    for (const field of spec.fields) f.append(this.fieldRow(field));
    this.formError = Object.assign(document.createElement('p'), { className: 'form-error', hidden: true });
    this.formError.id = `${f.id}-error`;
    const submit = Object.assign(document.createElement('button'), { type: 'submit', textContent: spec.submitLabel, className: 'primary' });
    this.result = Object.assign(document.createElement('p'), { className: 'form-result' });
    this.result.setAttribute('role', 'status');
    f.append(this.formError, submit, this.result);
    f.addEventListener('submit', (e) => { e.preventDefault(); this.send(); });
    f.addEventListener('change', () => this.updateVisibility());
    this.element = f;
    this.refresh();
  }

  /** Shows only the fields that apply (a strategy field only without a launch type, …). */
  updateVisibility(): void {
    const v = this.values();
    for (const field of this.spec.fields) {
      if (field.when) this.wrappers.get(field.name)!.hidden = !field.when(v);
    }
  }

  private fieldRow(field: FieldSpec): HTMLElement {
    const row = document.createElement('div');
    row.className = `field field-${field.kind}`;
    const id = `form-${this.spec.id}-${slug(field.name)}`;
    let control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement | HTMLFieldSetElement;
    if (field.kind === 'checkbox') {
      const input = Object.assign(document.createElement('input'), { type: 'checkbox', id, name: field.name, checked: field.value === 'true' });
      const label = Object.assign(document.createElement('label'), { htmlFor: id, textContent: field.label });
      row.append(input, label);
      control = input;
    } else if (field.kind === 'checks') {
      const fs = document.createElement('fieldset');
      fs.id = id;
      fs.name = field.name;
      fs.append(Object.assign(document.createElement('legend'), { textContent: field.label }));
      row.append(fs);
      control = fs;
    } else {
      const label = Object.assign(document.createElement('label'), { htmlFor: id, textContent: field.label });
      row.append(label);
      if (field.kind === 'select') {
        control = Object.assign(document.createElement('select'), { id, name: field.name });
      } else if (field.kind === 'json') {
        control = Object.assign(document.createElement('textarea'), { id, name: field.name, rows: field.rows ?? 3, spellcheck: false, value: field.value ?? '' });
        control.className = 'code';
      } else {
        const input = Object.assign(document.createElement('input'), { id, name: field.name, type: 'text', value: field.value ?? '' });
        if (field.kind === 'number') input.inputMode = 'decimal';
        if (field.suggestions) {
          const dl = document.createElement('datalist');
          dl.id = `${id}-list`;
          for (const s of field.suggestions) dl.append(Object.assign(document.createElement('option'), { value: s }));
          row.append(dl);
          input.setAttribute('list', dl.id);
        }
        control = input;
      }
      if (field.placeholder && !(control instanceof HTMLSelectElement)) control.placeholder = field.placeholder;
      row.append(control);
    }
    if (field.hint) {
      const hint = Object.assign(document.createElement('p'), { className: 'hint', textContent: field.hint, id: `${id}-hint` });
      row.append(hint);
      control.setAttribute('aria-describedby', hint.id);
    }
    this.controls.set(field.name, control);
    this.wrappers.set(field.name, row);
    return row;
  }

  /** Re-reads dynamic options (services, revisions, instances), keeping what is selected. */
  refresh(): void {
    for (const field of this.spec.fields) {
      if (!field.options || (field.kind !== 'select' && field.kind !== 'checks')) continue;
      const opts = typeof field.options === 'function' ? field.options() : field.options;
      const key = JSON.stringify(opts) + (field.emptyLabel ?? '');
      if (this.optionKeys.get(field.name) === key) continue;
      this.optionKeys.set(field.name, key);
      const control = this.controls.get(field.name)!;
      if (control instanceof HTMLSelectElement) {
        const keep = control.value || field.value || '';
        const all = field.emptyLabel !== undefined ? [{ value: '', label: field.emptyLabel }, ...opts] : opts;
        control.replaceChildren(...all.map((o) => Object.assign(document.createElement('option'), { value: o.value, textContent: o.label })));
        if (all.some((o) => o.value === keep)) control.value = keep;
      } else if (control instanceof HTMLFieldSetElement) {
        const checked = new Set(this.checksValue(control).length ? this.checksValue(control) : (field.value ?? '').split(',').filter(Boolean));
        const legend = control.querySelector('legend')!;
        const boxes = opts.map((o) => {
          const id = `${control.id}-${slug(o.value)}`;
          const wrap = document.createElement('span');
          wrap.className = 'check';
          wrap.append(Object.assign(document.createElement('input'), { type: 'checkbox', id, value: o.value, checked: checked.has(o.value) }),
            Object.assign(document.createElement('label'), { htmlFor: id, textContent: o.label }));
          return wrap;
        });
        control.replaceChildren(legend, ...boxes);
      }
    }
    this.updateVisibility();
  }

  private checksValue(fs: HTMLFieldSetElement): string[] {
    return [...fs.querySelectorAll<HTMLInputElement>('input[type=checkbox]')].filter((b) => b.checked).map((b) => b.value);
  }

  /** Current values by field name. */
  values(): FormValues {
    const out: FormValues = {};
    for (const [name, c] of this.controls) {
      if (c instanceof HTMLFieldSetElement) out[name] = this.checksValue(c);
      else if (c instanceof HTMLInputElement && c.type === 'checkbox') out[name] = c.checked;
      else out[name] = c.value;
    }
    return out;
  }

  /** Sets a field's value (presets, "load this revision"). */
  set(name: string, value: string | boolean): void {
    const c = this.controls.get(name);
    if (!c) return;
    if (c instanceof HTMLInputElement && c.type === 'checkbox') c.checked = value === true || value === 'true';
    else if (!(c instanceof HTMLFieldSetElement)) c.value = String(value);
    else for (const b of c.querySelectorAll<HTMLInputElement>('input')) b.checked = String(value).split(',').includes(b.value);
    this.updateVisibility();
  }

  control(name: string): HTMLElement | undefined { return this.controls.get(name); }

  /** The request the form would send, or an error for a field that is not even JSON. */
  request(): { ok: true; request: Record<string, unknown> } | { ok: false; error: ApiError } {
    const v = this.values();
    const req: Record<string, unknown> = {};
    for (const field of this.spec.fields) {
      if (field.when && !field.when(v)) continue;
      const raw = v[field.name]!;
      if (field.kind === 'checkbox') { if (raw === true) setPath(req, field.name, true); continue; }
      if (field.kind === 'checks') { setPath(req, field.name, raw); continue; }
      const text = String(raw).trim();
      if (text === '') continue;
      if (field.kind === 'number') setPath(req, field.name, numberOrRaw(text));
      else if (field.kind === 'json') {
        try {
          setPath(req, field.name, JSON.parse(text));
        } catch (e) {
          return { ok: false, error: { code: 'ClientException', field: field.name, value: text.slice(0, 60), accepted: 'valid JSON', message: `ClientException: ${field.label} is not valid JSON (${e instanceof Error ? e.message : String(e)}).` } };
        }
      } else setPath(req, field.name, text);
    }
    if (!this.spec.build) return { ok: true, request: req };
    const built = this.spec.build(req, v);
    return 'request' in built ? { ok: true, request: built.request } : { ok: false, error: built.error };
  }

  /** Clears every error mark. */
  clearErrors(): void {
    for (const row of this.wrappers.values()) {
      row.classList.remove('invalid');
      row.querySelector('.field-error')?.remove();
    }
    for (const c of this.controls.values()) {
      c.removeAttribute('aria-invalid');
      const hint = c.getAttribute('aria-describedby')?.split(' ').filter((x) => !x.endsWith('-error')).join(' ');
      if (hint) c.setAttribute('aria-describedby', hint); else c.removeAttribute('aria-describedby');
    }
    this.formError.hidden = true;
    this.formError.textContent = '';
  }

  /** Shows an API error next to the field it names (or under the form when no field matches). */
  showError(error: ApiError): void {
    this.clearErrors();
    this.result.textContent = '';
    const name = fieldForError(this.spec.fields.map((f) => f.name), error.field) ?? this.spec.fallbackField ?? null;
    const msg = document.createElement('p');
    msg.className = 'field-error';
    msg.setAttribute('role', 'alert');
    msg.append(Object.assign(document.createElement('strong'), { textContent: error.message }),
      Object.assign(document.createElement('span'), { className: 'error-detail', textContent: ` Field ${error.field}, value ${describeValue(error.value)}; accepted: ${error.accepted}.` }));
    if (name) {
      const row = this.wrappers.get(name)!;
      const control = this.controls.get(name)!;
      msg.id = `${control.id}-error`;
      row.classList.add('invalid');
      row.append(msg);
      control.setAttribute('aria-invalid', 'true');
      control.setAttribute('aria-describedby', [control.getAttribute('aria-describedby'), msg.id].filter(Boolean).join(' '));
      const focusable = control instanceof HTMLFieldSetElement ? control.querySelector('input') : control;
      focusable?.focus();
    } else {
      this.formError.replaceChildren(...msg.childNodes);
      this.formError.setAttribute('role', 'alert');
      this.formError.hidden = false;
    }
  }

  /** Builds the request, sends it and shows the outcome. */
  send(): CommandResult | null {
    const req = this.request();
    if (!req.ok) {
      this.showError(req.error);
      return null;
    }
    const { result, success } = this.spec.submit(req.request);
    if (!result.ok) { this.showError(result.error); return result; }
    this.clearErrors();
    this.result.textContent = success ?? `${this.spec.action} succeeded.`;
    return result;
  }
}

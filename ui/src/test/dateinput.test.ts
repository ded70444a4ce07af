// The one date / date-and-time input: what the officer types, what is bound, what is said.
import { fireEvent, render, screen } from '@testing-library/svelte';
import { tick } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setLanguage } from '$lib/i18n.svelte';
import DateTimeHarness from './DateTimeHarness.svelte';

beforeEach(() => setLanguage('sr-Latn'));
afterEach(() => vi.useRealTimers());

function mount(mode: 'date' | 'datetime', initial: string | null = null) {
  const changes: (string | null)[] = [];
  const { component } = render(DateTimeHarness, { mode, initial, describedby: 'when-err', onchange: (v: string | null) => changes.push(v) });
  const input = screen.getByLabelText('Kada') as HTMLInputElement;
  const type = (text: string) => fireEvent.input(input, { target: { value: text } });
  const message = () => document.getElementById('when-invalid');
  return { component, changes, input, type, blur: () => fireEvent.blur(input), message };
}

describe.each([
  {
    mode: 'date',
    placeholder: 'DD.MM.GGGG.',
    now: false,
    typed: '1.2.1990', bound: '1990-02-01', shown: '01.02.1990.', again: '1990-02-01',
    // 1990 was not a leap year.
    bad: '29.02.1990.', fixed: '28.02.1990.', fixedBound: '1990-02-28',
    invalid: 'Unesite datum u obliku DD.MM.GGGG.', invalidEn: 'Enter the date as DD.MM.YYYY.',
    outside: '2001-12-31', outsideShown: '31.12.2001.',
  },
  {
    mode: 'datetime',
    placeholder: 'DD.MM.GGGG. ČČ:MM',
    now: true,
    // Summer time: Belgrade is UTC+2.
    typed: '5.7.2024 9:05', bound: '2024-07-05T07:05:00Z', shown: '05.07.2024. 09:05', again: '2024-07-05 09:05',
    // A date without the time is not a date and time.
    bad: '15.07.2024.', fixed: '15.07.2024. 14:30', fixedBound: '2024-07-15T12:30:00Z',
    invalid: 'Unesite datum i vreme u obliku DD.MM.GGGG. ČČ:MM', invalidEn: 'Enter the date and time as DD.MM.YYYY. HH:MM',
    // Winter time: UTC+1, so 23:30 UTC is past midnight in Belgrade.
    outside: '2024-01-15T23:30:00Z', outsideShown: '16.01.2024. 00:30',
  },
] as const)('mode "$mode"', (c) => {
  it('binds what is typed, shows it back in the local form on leaving the field, and has "now" only for a time', async () => {
    const { component, changes, input, type, blur } = mount(c.mode);
    expect(input).toHaveAttribute('data-testid', 'when');
    expect(input).toHaveAttribute('id', 'when');
    expect(input).toHaveAttribute('placeholder', c.placeholder);
    expect(input).toHaveAttribute('aria-describedby', 'when-err');
    expect(input).toHaveAttribute('aria-invalid', 'false');
    expect(screen.queryByTestId('when-now') !== null).toBe(c.now);

    await type(c.typed);
    expect(component.get()).toBe(c.bound);
    expect(changes).toEqual([c.bound]);
    await blur();
    expect(input.value).toBe(c.shown);
    // The same value typed again in another form is no change.
    await type(c.again);
    expect(changes).toEqual([c.bound]);
  });

  it('says under the field what it cannot read, keeps the text and the last value, and sends nothing', async () => {
    const { component, changes, input, type, blur, message } = mount(c.mode, c.bound);
    expect(input.value).toBe(c.shown);

    await type(c.bad);
    // Not while typing: only once the officer leaves the field.
    expect(message()).toBeNull();
    await blur();
    expect(message()).toHaveTextContent(c.invalid);
    expect(message()).toHaveClass('hint-error');
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(input).toHaveAttribute('aria-describedby', 'when-err when-invalid');
    expect(input.value).toBe(c.bad);
    expect(component.get()).toBe(c.bound);
    expect(changes).toEqual([]);

    setLanguage('en');
    await tick();
    expect(message()).toHaveTextContent(c.invalidEn);

    // Corrected: the message goes at once.
    await type(c.fixed);
    expect(message()).toBeNull();
    expect(input).toHaveAttribute('aria-invalid', 'false');
    expect(input).toHaveAttribute('aria-describedby', 'when-err');
    expect(component.get()).toBe(c.fixedBound);
    expect(changes).toEqual([c.fixedBound]);
  });

  it('clears to null, and an empty field is no problem', async () => {
    const { component, changes, type, blur, message } = mount(c.mode, c.bound);
    await type('  ');
    expect(component.get()).toBeNull();
    expect(changes).toEqual([null]);
    await blur();
    expect(message()).toBeNull();
    // Already empty: no second change.
    await type('');
    expect(changes).toEqual([null]);
  });

  it('shows a value changed from outside, without calling onchange, and drops a stale message', async () => {
    const { component, changes, input, type, blur, message } = mount(c.mode);
    await type(c.bad);
    await blur();
    expect(message()).not.toBeNull();
    component.set(c.outside);
    await tick();
    expect(input.value).toBe(c.outsideShown);
    expect(message()).toBeNull();
    expect(input).toHaveAttribute('aria-invalid', 'false');
    component.set(null);
    await tick();
    expect(input.value).toBe('');
    expect(changes).toEqual([]);
  });
});

describe('date and time input (mode "datetime")', () => {
  it('fills in the current minute with "now" and clears a message', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-07-15T12:30:45.678Z'));
    const { component, changes, input, type, blur, message } = mount('datetime');
    await type('nešto');
    await blur();
    expect(message()).not.toBeNull();
    const now = screen.getByTestId('when-now');
    expect(now).toHaveAccessibleName('Sada: upiši trenutno vreme u polje Kada');
    await fireEvent.click(now);
    expect(component.get()).toBe('2026-07-15T12:30:00Z');
    expect(changes).toEqual(['2026-07-15T12:30:00Z']);
    expect(input.value).toBe('15.07.2026. 14:30');
    expect(message()).toBeNull();
    expect(input).toHaveAttribute('aria-invalid', 'false');
  });

  it.each(['sr-Latn', 'sr-Cyrl', 'hu', 'en'] as const)('names "now" with its visible word first in %s (axe: label-content-name-mismatch)', (lang) => {
    setLanguage(lang);
    mount('datetime');
    const now = screen.getByTestId('when-now');
    const name = now.getAttribute('aria-label') ?? '';
    const visible = (now.textContent ?? '').trim();
    expect(visible).not.toBe('');
    expect(name.toLocaleLowerCase(lang).startsWith(visible.toLocaleLowerCase(lang))).toBe(true);
  });

  it('reads a time the spring DST switch skips as the time it became, and shows that on leaving the field', async () => {
    // 29 March 2026: Belgrade goes from 02:00 CET straight to 03:00 CEST; 02:30 never happens.
    const { component, input, type, blur, message } = mount('datetime');
    await type('29.03.2026. 02:30');
    expect(component.get()).toBe('2026-03-29T01:30:00Z');
    await blur();
    expect(message()).toBeNull();
    expect(input.value).toBe('29.03.2026. 03:30');
    // Either side of the gap is as typed.
    await type('29.03.2026. 01:59');
    expect(component.get()).toBe('2026-03-29T00:59:00Z');
    await type('29.03.2026. 03:00');
    expect(component.get()).toBe('2026-03-29T01:00:00Z');
    // 25 October 2026: 02:30 happens twice; parseLocalDateTime takes the second (CET) one.
    await type('25.10.2026. 02:30');
    expect(component.get()).toBe('2026-10-25T01:30:00Z');
    await blur();
    expect(input.value).toBe('25.10.2026. 02:30');
  });

  it('shows an instant bound with milliseconds to the minute and keeps it until the officer changes it', async () => {
    const { component, changes, input, blur } = mount('datetime', '2024-07-15T12:30:00.123Z');
    expect(input.value).toBe('15.07.2024. 14:30');
    await blur();
    expect(component.get()).toBe('2024-07-15T12:30:00.123Z');
    expect(changes).toEqual([]);
  });
});

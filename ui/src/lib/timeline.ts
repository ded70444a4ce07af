// A case's timeline as the case view shows it: each audit entry core returns (changes and
// consultations, the latter with their purpose), with consecutive looks by one officer for one
// purpose gathered on one line, so a case opened every evening stays readable.
import type { TimelineEvent } from './bindings';

/** What a consultation looked at, from its target (`order:…` → `order`). */
const VIEWED = ['case', 'order', 'assessment', 'document', 'timeline'] as const;

/** The catalogue key naming one event: a view by what was viewed, a PDF taken out, else the action. */
export function eventKey(ev: TimelineEvent): string {
  const kind = ev.target?.split(':')[0] ?? '';
  if (ev.action === 'view' && (VIEWED as readonly string[]).includes(kind)) return `timeline-viewed-${kind}`;
  if (ev.action === 'export' && kind === 'document') return 'timeline-exported-document';
  return `timeline-action-${ev.action}`;
}

/** One line of the timeline: its first event, the distinct keys of what it gathers, how many. */
export type TimelineLine = { first: TimelineEvent; keys: string[]; count: number };

const sameLook = (a: TimelineEvent, b: TimelineEvent) =>
  a.action === 'view' &&
  b.action === 'view' &&
  a.outcome === b.outcome &&
  a.officer === b.officer &&
  !!a.purpose &&
  a.purpose === b.purpose &&
  (a.purpose_text ?? null) === (b.purpose_text ?? null);

/** Gathers consecutive views by one officer for one purpose; every other event is a line. */
export function timelineLines(events: TimelineEvent[]): TimelineLine[] {
  const out: TimelineLine[] = [];
  for (const ev of events) {
    const last = out[out.length - 1];
    if (last && sameLook(last.first, ev)) {
      last.count += 1;
      const key = eventKey(ev);
      if (!last.keys.includes(key)) last.keys.push(key);
    } else {
      out.push({ first: ev, keys: [eventKey(ev)], count: 1 });
    }
  }
  return out;
}

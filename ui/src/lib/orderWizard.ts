// The order wizard's steps and what each needs before the officer may go on. The server's
// `issues` remain the authority (shown on the step their field belongs to); these checks only
// keep the officer from walking past an empty step.
import type { FieldError, OrderContent, Person } from './bindings';

export const WIZARD_STEPS = ['basis', 'measures', 'people', 'reasons', 'review'] as const;
export type WizardStep = (typeof WIZARD_STEPS)[number];

/** What the steps can check against: the case's completed assessments and its recorded people. */
export interface WizardContext {
  assessments: string[];
  perpetrators: string[];
  protectable: string[];
  /** Perpetrators with neither a date of birth nor a JMBG: the officer confirms adulthood. */
  ageUnknown?: string[];
}

/** Nothing on record tells the person's age (core then needs the officer's confirmation). */
export function ageUnknown(p: Person): boolean {
  return !p.date_of_birth && p.jmbg.trim() === '';
}

/** The step that shows a field of the order's issues. */
export function stepOfField(field: string): WizardStep {
  if (field.startsWith('order.assessment')) return 'basis';
  if (field.startsWith('order.measures') || field.startsWith('order.dwelling')) return 'measures';
  if (field.startsWith('order.perpetrator') || field.startsWith('order.protected') || field.startsWith('order.victim_municipality')) return 'people';
  if (field.startsWith('order.reasons') || field.startsWith('order.police_')) return 'reasons';
  return 'review';
}

const required = (field: string): FieldError => ({ field, code: 'required' });

/** What this step still needs, as field problems like the server's. */
export function stepProblems(step: WizardStep, c: OrderContent, ctx: WizardContext): FieldError[] {
  const out: FieldError[] = [];
  switch (step) {
    case 'basis':
      if (!c.assessment || !ctx.assessments.includes(c.assessment)) out.push(required('order.assessment'));
      break;
    case 'measures':
      if (c.measures.length === 0) out.push(required('order.measures'));
      if (c.measures.includes('removal_from_dwelling') && c.dwelling.trim() === '') out.push(required('order.dwelling'));
      break;
    case 'people':
      if (!c.perpetrator || !ctx.perpetrators.includes(c.perpetrator)) out.push(required('order.perpetrator'));
      else if (ctx.ageUnknown?.includes(c.perpetrator) && !c.perpetrator_adult_confirmed) out.push(required('order.perpetrator_adult_confirmed'));
      if (!c.protected.some((p) => ctx.protectable.includes(p))) out.push(required('order.protected'));
      break;
    case 'reasons':
      if (c.reasons.trim() === '') out.push(required('order.reasons'));
      if (c.police_administration.trim() === '') out.push(required('order.police_administration'));
      break;
    case 'review':
      for (const s of WIZARD_STEPS.slice(0, -1)) out.push(...stepProblems(s, c, ctx));
      break;
  }
  return out;
}

export function canLeave(step: WizardStep, c: OrderContent, ctx: WizardContext): boolean {
  return stepProblems(step, c, ctx).length === 0;
}

/** The first step that still needs something (the review when none does). */
export function firstIncomplete(c: OrderContent, ctx: WizardContext): WizardStep {
  return WIZARD_STEPS.slice(0, -1).find((s) => !canLeave(s, c, ctx)) ?? 'review';
}

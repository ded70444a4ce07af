// Risk assessment helpers for the screens: the instrument's own texts in the UI language, the
// levels an officer may settle on (never below the computed one), answer problems as text.
import type { AnswerProblem, Language, Localized, RiskLevel } from './bindings';
import { RISK_LEVELS } from './enums';
import { t, type Args } from './i18n.svelte';

/** An instrument text in `lang` (instrument texts travel with the instrument, not the catalogues). */
export function localized(text: Localized | null | undefined, lang: Language): string {
  if (!text) return '';
  return text[lang] || text['sr-Latn'] || text.en || '';
}

export function levelRank(level: RiskLevel): number {
  return RISK_LEVELS.indexOf(level);
}

/** The final levels offered: the computed level and every level above it. */
export function levelsFrom(computed: RiskLevel): RiskLevel[] {
  return RISK_LEVELS.slice(Math.max(0, levelRank(computed)));
}

/** A final level above the computed one must say why. */
export function needsRaiseReason(final: RiskLevel, computed: RiskLevel): boolean {
  return levelRank(final) > levelRank(computed);
}

export function answerProblemMessage(p: AnswerProblem): string {
  const { item: _item, code, ...args } = p as AnswerProblem & Record<string, unknown>;
  return t(`answer-problem-${code}`, args as Args);
}

// Message catalogues (Fluent) and the current language. `t()` reads the current language from a
// rune, so every string rendered through it re-renders at once when the language changes.
import { FluentBundle, FluentResource, type FluentVariable } from '@fluent/bundle';
import type { AppError, FieldError, Language, PassphraseProblem } from './bindings';

export const LANGUAGES: Language[] = ['sr-Latn', 'sr-Cyrl', 'hu', 'en'];
export const DEFAULT_LANGUAGE: Language = 'sr-Latn';

/** BCP 47 locale for Intl (dates, numbers) per app language. */
export const LOCALES: Record<Language, string> = {
  'sr-Latn': 'sr-Latn-RS',
  'sr-Cyrl': 'sr-Cyrl-RS',
  hu: 'hu-HU',
  en: 'en-GB',
};

// The catalogues this build shows, by path (`…/i18n/<lang>/<file>.ftl`): each entry point
// registers its own set (the app: `./catalogues.ts`; the console: `../console/catalogues.ts`),
// so neither bundle carries the other's texts.
let sources: Record<string, string> = {};

/** Registers the catalogue sources of this build (paths as `import.meta.glob` gives them). */
export function useCatalogues(s: Record<string, string>) {
  sources = { ...sources, ...s };
  bundles.clear();
}

/** All .ftl sources of one language, keyed by file name. */
export function catalogueSources(lang: Language): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, text] of Object.entries(sources)) {
    const m = /\/i18n\/([^/]+)\/([^/]+\.ftl)$/.exec(path);
    if (m && m[1] === lang) out[m[2]] = text;
  }
  return out;
}

const bundles = new Map<Language, FluentBundle>();

export function bundleFor(lang: Language): FluentBundle {
  let b = bundles.get(lang);
  if (!b) {
    b = new FluentBundle(LOCALES[lang], { useIsolating: false });
    for (const [file, text] of Object.entries(catalogueSources(lang))) {
      const errors = b.addResource(new FluentResource(text));
      for (const e of errors) console.error(`i18n ${lang}/${file}:`, e);
    }
    bundles.set(lang, b);
  }
  return b;
}

const state = $state({ lang: DEFAULT_LANGUAGE as Language });

export function currentLanguage(): Language {
  return state.lang;
}

export function currentLocale(): string {
  return LOCALES[state.lang];
}

export function setLanguage(lang: Language) {
  if (!LANGUAGES.includes(lang)) lang = DEFAULT_LANGUAGE;
  state.lang = lang;
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
}

export type Args = Record<string, FluentVariable | null | undefined>;

function clean(args?: Args): Record<string, FluentVariable> | undefined {
  if (!args) return undefined;
  const out: Record<string, FluentVariable> = {};
  for (const [k, v] of Object.entries(args)) if (v !== null && v !== undefined) out[k] = v;
  return out;
}

/** Translates `key` in the current language; a missing key shows as the key itself. */
export function t(key: string, args?: Args): string {
  const bundle = bundleFor(state.lang);
  const msg = bundle.getMessage(key);
  if (!msg || !msg.value) {
    console.warn(`i18n: missing message ${key} (${state.lang})`);
    return key;
  }
  return bundle.formatPattern(msg.value, clean(args));
}

export function hasMessage(key: string): boolean {
  return bundleFor(state.lang).hasMessage(key);
}

/** The translated text of a field-level validation problem. */
export function fieldMessage(e: FieldError): string {
  const { field: _field, code, ...args } = e as FieldError & Record<string, unknown>;
  return t(`field-${code}`, args as Args);
}

export function passphraseMessage(p: PassphraseProblem): string {
  const { code, ...args } = p as PassphraseProblem & Record<string, unknown>;
  return t(`passphrase-${code}`, args as Args);
}

/** The translated text of an error returned by a command. */
export function errorMessage(e: AppError): string {
  const key = `error-${e.code}`;
  if (hasMessage(key)) return t(key);
  return t('error-unknown', { message: e.code });
}

// The console's message catalogues: its own `console.ftl` and the app's catalogues whose texts it
// shares (clocks, enums of the case, languages and themes). Imported first by the entry point
// (and by the tests' setup), before anything translates.
import { useCatalogues } from '$lib/i18n.svelte';

useCatalogues(
  import.meta.glob(['../i18n/*/console.ftl', '../i18n/*/console-station.ftl', '../i18n/*/app.ftl', '../i18n/*/enums.ftl', '../i18n/*/settings.ftl'], {
    query: '?raw',
    import: 'default',
    eager: true,
  }) as Record<string, string>,
);

/** The catalogue files the console's bundle carries (the catalogue test checks its keys). */
export const CONSOLE_CATALOGUE_FILES = ['console.ftl', 'console-station.ftl', 'app.ftl', 'enums.ftl', 'settings.ftl'];

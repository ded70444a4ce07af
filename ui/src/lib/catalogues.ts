// The app's message catalogues: every `src/i18n/<lang>/*.ftl` but the console's (`console*.ftl`). Imported first
// by the app's entry point (and by the tests' setup), before anything translates.
import { useCatalogues } from './i18n.svelte';

useCatalogues(
  import.meta.glob(['../i18n/*/*.ftl', '!../i18n/*/console*.ftl'], {
    query: '?raw',
    import: 'default',
    eager: true,
  }) as Record<string, string>,
);

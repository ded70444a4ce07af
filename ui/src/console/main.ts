// The console's entry point: its catalogues first, then the language and theme remembered in this
// browser, then the console itself.
import './catalogues';
import '../app.css';
import './console.css';
import { mount } from 'svelte';
import Console from './Console.svelte';
import { applyTheme, chooseLanguage, initialLanguage, initialTheme } from './lib/console.svelte';

chooseLanguage(initialLanguage());
applyTheme(initialTheme());

const target = document.getElementById('console');
if (!target) throw new Error('console.html has no #console element');
export default mount(Console, { target });

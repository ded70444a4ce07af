import '@testing-library/jest-dom/vitest';

// jsdom has no 2D canvas; components must cope with getContext() returning null.
HTMLCanvasElement.prototype.getContext = (() => null) as typeof HTMLCanvasElement.prototype.getContext;

// jsdom does not scroll; screens scroll to the top after big changes.
window.scrollTo = (() => {}) as typeof window.scrollTo;

// The catalogues of both entry points (the app's and the console's; their keys are disjoint).
import '../lib/catalogues';
import '../console/catalogues';

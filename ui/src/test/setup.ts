import '@testing-library/jest-dom/vitest';

// jsdom has no 2D canvas; components must cope with getContext() returning null.
HTMLCanvasElement.prototype.getContext = (() => null) as typeof HTMLCanvasElement.prototype.getContext;

/**
 * Types of the standalone page's module (scenario_tree/sharing/static/scenario_page.js), which
 * webpack bundles through the alias in webpack.config.js.
 */
declare module 'scenario-page' {
  /** What the viewer passes to `mount`. */
  export interface IMountOptions {
    /** When given, the page shows an "Open in a notebook" button that calls it. */
    onOpenNotebook?: () => void;
  }

  /** The mounted page, for driving it from outside. */
  export interface IMountedPage {
    select(id: string): void;
    setProbability(id: string, probability: number): void;
    reset(): void;
    destroy(): void;
  }

  /** Build the page's whole UI inside `element` from `page_data(tree)` (scenario_tree/sharing/page.py). */
  export function mount(element: HTMLElement, data: unknown, options?: IMountOptions): IMountedPage;
}

/**
 * The document tab: the standalone page's UI, mounted on data the server extension draws.
 */
import { ABCWidgetFactory, DocumentRegistry, DocumentWidget, IDocumentWidget } from '@jupyterlab/docregistry';
import { Contents, ServerConnection } from '@jupyterlab/services';
import { Widget } from '@lumino/widgets';
import { IMountedPage, mount } from 'scenario-page';

import { fetchPageData } from './request';

/** How often an open, visible tab checks whether its file changed on disk. */
const DISK_POLL_MS = 2000;

/** What the view needs from the application. */
export interface IViewOptions {
  context: DocumentRegistry.Context;
  serverSettings: ServerConnection.ISettings;
  contents: Contents.IManager;
  /** Create the explorer notebook for the scenario file at `path` (with the tree's `title`) and open it. */
  openNotebook: (path: string, title: string) => Promise<void>;
}

/**
 * The tree of one scenario file. Loads when the document is ready, and again whenever the file is
 * saved (from any editor sharing the document) or changes on disk.
 */
export class ScenarioView extends Widget {
  constructor(private readonly options: IViewOptions) {
    super();
    this.addClass('jp-ScenarioTreeViewer');
    this._message.className = 'jp-ScenarioTreeViewer-message';
    this._message.setAttribute('role', 'status');
    this._host.className = 'jp-ScenarioTreeViewer-page';
    this.node.append(this._message, this._host);
    this._showMessage('Drawing the tree…', 'loading');

    const { context } = options;
    void context.ready.then(() => this.reload());
    // The context also signals its first read, before it is ready: that one is the load above.
    context.fileChanged.connect(() => context.isReady && void this.reload(), this);
    context.pathChanged.connect(() => void this.reload(), this);
    this._poll = window.setInterval(() => void this._checkDisk(), DISK_POLL_MS);
  }

  /** The mounted page, or null while loading or after an error (for tests and commands). */
  get page(): IMountedPage | null {
    return this._page;
  }

  /** Fetch the page data again and remount; a bad file shows the server's message instead. */
  async reload(): Promise<void> {
    const load = ++this._loads;
    const path = this._path();
    try {
      const [data, modified] = await Promise.all([
        fetchPageData(path, this.options.serverSettings),
        this._lastModified(path)
      ]);
      if (load !== this._loads || this.isDisposed) {
        return; // a newer load started meanwhile
      }
      this._lastSeen = modified;
      this._unmount();
      this._message.hidden = true;
      const title = String((data as { title?: unknown }).title ?? '');
      this._page = mount(this._host, data, {
        onOpenNotebook: () => void this.options.openNotebook(this._path(), title)
      });
    } catch (error) {
      if (load !== this._loads || this.isDisposed) {
        return;
      }
      this._unmount();
      this._showMessage(error instanceof Error ? error.message : String(error), 'error');
    }
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    window.clearInterval(this._poll);
    this._unmount();
    super.dispose();
  }

  private _path(): string {
    return this.options.context.localPath;
  }

  private _showMessage(text: string, kind: 'loading' | 'error'): void {
    this._message.textContent = text; // the file's own text, never parsed as HTML
    this._message.dataset.kind = kind;
    this._message.hidden = false;
  }

  private _unmount(): void {
    this._page?.destroy();
    this._page = null;
    this._host.replaceChildren();
  }

  private async _lastModified(path: string): Promise<string | null> {
    try {
      const model = await this.options.contents.get(path, { content: false });
      return model.last_modified ?? null;
    } catch {
      return null;
    }
  }

  /** Reload when another program rewrote the file (JupyterLab itself does not watch files). */
  private async _checkDisk(): Promise<void> {
    if (!this.isVisible || document.hidden || this._lastSeen === null) {
      return;
    }
    const modified = await this._lastModified(this._path());
    if (modified !== null && modified !== this._lastSeen) {
      this._lastSeen = modified;
      await this.reload();
    }
  }

  private readonly _message = document.createElement('div');
  private readonly _host = document.createElement('div');
  private _page: IMountedPage | null = null;
  private _loads = 0;
  private _lastSeen: string | null = null;
  private readonly _poll: number;
}

/** Opens scenario files as a {@link ScenarioView} in a document tab (no kernel). */
export class ScenarioViewFactory extends ABCWidgetFactory<IDocumentWidget<ScenarioView>> {
  constructor(
    options: DocumentRegistry.IWidgetFactoryOptions<IDocumentWidget<ScenarioView>>,
    private readonly view: Omit<IViewOptions, 'context'>
  ) {
    super(options);
  }

  protected createNewWidget(context: DocumentRegistry.Context): IDocumentWidget<ScenarioView> {
    const content = new ScenarioView({ ...this.view, context });
    const widget = new DocumentWidget({ content, context });
    widget.addClass('jp-ScenarioTreeDocument');
    return widget;
  }
}

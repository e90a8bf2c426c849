/**
 * JupyterLab viewer for scenario-tree files.
 *
 * `*.scenario.yaml`, `*.scenario.yml` and `*.scenario.json` open in a "Scenario tree" tab by default;
 * plain YAML and JSON files offer it under "Open With". The tab needs no kernel: the Jupyter server
 * extension (scenario_tree/sharing/server.py) draws the tree.
 */
import { ILayoutRestorer, JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { showErrorMessage, WidgetTracker } from '@jupyterlab/apputils';
import { DocumentRegistry, IDocumentWidget } from '@jupyterlab/docregistry';
import { LabIcon } from '@jupyterlab/ui-components';

import { createExplorerNotebook } from './notebook';
import { ScenarioView, ScenarioViewFactory } from './view';

/** The widget factory's name, shown under "Open With". */
export const FACTORY = 'Scenario tree';

const TREE_ICON = new LabIcon({
  name: 'scenario-tree:tree',
  svgstr:
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">' +
    '<g class="jp-icon3" fill="#616161"><rect x="2" y="10" width="6" height="4" rx="1"/>' +
    '<circle cx="14" cy="5" r="2.5"/><circle cx="14" cy="19" r="2.5"/>' +
    '<path d="M19 3h3v4h-3zM19 17h3v4h-3z"/></g>' +
    '<path class="jp-icon3" fill="none" stroke="#616161" stroke-width="1.5" ' +
    'd="M8 12h2.5V5h1M10.5 12v7h1M16.5 5H19M16.5 19H19"/></svg>'
});

/** The scenario file types, recognised by their double extension. */
const FILE_TYPES: Partial<DocumentRegistry.IFileType>[] = [
  {
    name: 'scenario-yaml',
    displayName: 'Scenario tree (YAML)',
    extensions: ['.scenario.yaml', '.scenario.yml'],
    mimeTypes: ['text/x-yaml', 'text/yaml'],
    contentType: 'file',
    fileFormat: 'text',
    icon: TREE_ICON
  },
  {
    name: 'scenario-json',
    displayName: 'Scenario tree (JSON)',
    extensions: ['.scenario.json'],
    mimeTypes: ['application/json'],
    contentType: 'file',
    fileFormat: 'text',
    icon: TREE_ICON
  }
];

function activate(app: JupyterFrontEnd, restorer: ILayoutRestorer | null): void {
  const { commands, docRegistry, serviceManager } = app;
  for (const fileType of FILE_TYPES) {
    docRegistry.addFileType(fileType);
  }
  const openNotebook = async (path: string, title: string): Promise<void> => {
    try {
      const notebook = await createExplorerNotebook(serviceManager.contents, path, title);
      await commands.execute('docmanager:open', { path: notebook });
    } catch (error) {
      void showErrorMessage('Open in a notebook', error as Error);
    }
  };
  const factory = new ScenarioViewFactory(
    {
      name: FACTORY,
      label: FACTORY,
      fileTypes: ['scenario-yaml', 'scenario-json', 'yaml', 'json'],
      defaultFor: ['scenario-yaml', 'scenario-json'],
      modelName: 'text',
      readOnly: true
    },
    { serverSettings: serviceManager.serverSettings, contents: serviceManager.contents, openNotebook }
  );
  docRegistry.addWidgetFactory(factory);

  const tracker = new WidgetTracker<IDocumentWidget<ScenarioView>>({ namespace: 'scenario-tree' });
  factory.widgetCreated.connect((_, widget) => {
    widget.title.icon = TREE_ICON;
    widget.context.pathChanged.connect(() => void tracker.save(widget));
    void tracker.add(widget);
  });
  if (restorer) {
    void restorer.restore(tracker, {
      command: 'docmanager:open',
      args: widget => ({ path: widget.context.path, factory: FACTORY }),
      name: widget => widget.context.path
    });
  }
}

const plugin: JupyterFrontEndPlugin<void> = {
  id: 'scenario-tree:viewer',
  description: 'Opens scenario-tree files as a drawn, explorable tree in a document tab.',
  autoStart: true,
  optional: [ILayoutRestorer],
  activate
};

export default plugin;

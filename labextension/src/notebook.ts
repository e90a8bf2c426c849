/**
 * "Open in a notebook": a new notebook next to the scenario file, with the explorer on it.
 */
import { PathExt } from '@jupyterlab/coreutils';
import { Contents } from '@jupyterlab/services';

/** How many `stem-N.ipynb` names to try before giving up. */
const MAX_NAME_TRIES = 1000;

/** File name endings dropped to name the notebook, longest first. */
const SCENARIO_SUFFIXES = ['.scenario.yaml', '.scenario.yml', '.scenario.json', '.yaml', '.yml', '.json'];

/**
 * The notebook's stem for a scenario file name.
 *
 * `notebookStem('trump_putin_2017.scenario.yaml')` is `'trump_putin_2017'`.
 */
export function notebookStem(fileName: string): string {
  const lower = fileName.toLowerCase();
  const suffix = SCENARIO_SUFFIXES.find(ending => lower.endsWith(ending) && lower.length > ending.length);
  return suffix ? fileName.slice(0, fileName.length - suffix.length) : fileName;
}

/** The notebook's JSON: a heading and the code that opens the explorer on `fileName`. */
export function explorerNotebook(fileName: string, title: string): Record<string, unknown> {
  const heading = title ? `# ${title}\n\n` : '';
  return {
    cells: [
      {
        cell_type: 'markdown',
        id: 'scenario-tree-about',
        metadata: {},
        source:
          `${heading}The scenario tree in \`${fileName}\`, in the explorer: click a node, ` +
          'move the sliders, edit, save.'
      },
      {
        cell_type: 'code',
        id: 'scenario-tree-explore',
        execution_count: null,
        metadata: {},
        outputs: [],
        // JSON string syntax is valid Python string syntax, so any file name is quoted safely.
        source: `import scenario_tree\nscenario_tree.explore(${JSON.stringify(fileName)})`
      }
    ],
    metadata: {
      kernelspec: { display_name: 'Python 3 (ipykernel)', language: 'python', name: 'python3' },
      language_info: { name: 'python' }
    },
    nbformat: 4,
    nbformat_minor: 5
  };
}

async function exists(contents: Contents.IManager, path: string): Promise<boolean> {
  try {
    await contents.get(path, { content: false });
    return true;
  } catch (error) {
    const status = (error as { response?: Response }).response?.status;
    if (status === 404) {
      return false;
    }
    throw error;
  }
}

/** `stem.ipynb` in `directory`, or `stem-1.ipynb`, `stem-2.ipynb`, ... if that is taken. */
async function freeNotebookPath(contents: Contents.IManager, directory: string, stem: string): Promise<string> {
  for (let index = 0; index < MAX_NAME_TRIES; index++) {
    const name = index === 0 ? `${stem}.ipynb` : `${stem}-${index}.ipynb`;
    const path = PathExt.join(directory, name);
    if (!(await exists(contents, path))) {
      return path;
    }
  }
  throw new Error(`no free notebook name like ${stem}.ipynb in '${directory || '/'}'`);
}

/**
 * Create the explorer notebook next to the scenario file at `scenarioPath`; returns its path.
 */
export async function createExplorerNotebook(
  contents: Contents.IManager,
  scenarioPath: string,
  title: string
): Promise<string> {
  const fileName = PathExt.basename(scenarioPath);
  const path = await freeNotebookPath(contents, PathExt.dirname(scenarioPath), notebookStem(fileName));
  await contents.save(path, {
    type: 'notebook',
    format: 'json',
    content: explorerNotebook(fileName, title)
  });
  return path;
}

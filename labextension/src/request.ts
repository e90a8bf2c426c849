/**
 * The server side of the viewer: `GET scenario-tree/page?path=...` answers the page data of a
 * scenario file (drawn by Python with Graphviz), or a message naming what is wrong with it.
 */
import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';

/** The endpoint registered by scenario_tree/sharing/server.py, relative to the server's base URL. */
export const PAGE_ENDPOINT = 'scenario-tree/page';

/** A file the server could not turn into a page; `message` is the package's own error text. */
export class PageDataError extends Error {
  constructor(
    message: string,
    readonly status: number
  ) {
    super(message);
    this.name = 'PageDataError';
  }
}

/**
 * Fetch the page data of the scenario file at `path` (relative to the server's root).
 *
 * ServerConnection adds the XSRF token and the authorisation the server expects.
 */
export async function fetchPageData(path: string, settings: ServerConnection.ISettings): Promise<unknown> {
  const url = URLExt.join(settings.baseUrl, PAGE_ENDPOINT) + URLExt.objectToQueryString({ path });
  let response: Response;
  try {
    response = await ServerConnection.makeRequest(url, {}, settings);
  } catch (error) {
    throw new PageDataError(`The Jupyter server did not answer: ${String(error)}`, 0);
  }
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const message = body && typeof body.message === 'string' ? body.message : response.statusText;
    throw new PageDataError(message || `HTTP ${response.status}`, response.status);
  }
  return body;
}

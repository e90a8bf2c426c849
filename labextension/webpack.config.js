// Merged by @jupyterlab/builder into its webpack configuration (package.json: jupyterlab.webpackConfig).
// The viewer's UI is the standalone page's module: webpack bundles that one file, so there is no copy of it.
const path = require('path');

module.exports = {
  resolve: {
    alias: {
      'scenario-page$': path.resolve(__dirname, '../scenario_tree/sharing/static/scenario_page.js')
    }
  }
};

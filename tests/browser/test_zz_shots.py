"""Local screenshots while working (not committed)."""
from tests.browser.conftest import VIEWPORT
from tests.browser.test_explorer_browser import explorer


def test_shots(lab_page, artifacts):
    page = lab_page
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.evaluate("() => window.jupyterapp.commands.execute('filebrowser:activate')")
    page.wait_for_timeout(500)
    explorer(page).scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    page.screenshot(path=str(artifacts / "shot-light.png"))
    explorer(page).locator(".lm-TabBar-tab", has_text="Outcomes").click()
    page.wait_for_timeout(300)
    page.screenshot(path=str(artifacts / "shot-outcomes.png"))
    explorer(page).locator(".lm-TabBar-tab", has_text="Details").click()
    page.evaluate("() => window.jupyterapp.commands.execute('apputils:change-theme', {theme: 'JupyterLab Dark'})")
    page.wait_for_timeout(1500)
    page.screenshot(path=str(artifacts / "shot-dark.png"))
    page.evaluate("() => window.jupyterapp.commands.execute('apputils:change-theme', {theme: 'JupyterLab Light'})")
    page.wait_for_timeout(1000)
    page.set_viewport_size(VIEWPORT)

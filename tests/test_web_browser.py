"""The web app in a real browser: Debian's headless chromium driven by Selenium.

Skips with the reason when chromium, chromedriver or selenium is missing (install them with
``apt-get install -y chromium chromium-driver`` and ``pip install selenium``). Screenshots go to
``test-artifacts/``.
"""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest

from lagebild.store import Store
from lagebild.store import stories as queries
from lagebild.web import make_server
from web_store import HOSTILE, build_store

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")

pytestmark = pytest.mark.skipif(
    not (CHROMIUM and CHROMEDRIVER),
    reason="needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)",
)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    db = build_store(tmp_path_factory.mktemp("browser") / "store.db")
    server = make_server(str(db), port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", str(db)
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    webdriver = pytest.importorskip("selenium.webdriver", reason="needs selenium")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tmp_path_factory.mktemp("chromium-profile")
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
        "--window-size=1400,1000",
    ):
        options.add_argument(flag)
    service = webdriver.ChromeService(executable_path=CHROMEDRIVER)
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def _wait_for(browser, url_part: str) -> None:
    """Wait until the browser has loaded the page a click or submit asked for."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, 10).until(
        lambda b: (
            url_part in b.current_url
            and b.execute_script("return document.readyState") == "complete"
        )
    )


def _story(db: str, article_id: str) -> int:
    with Store(db, readonly=True) as store:
        return queries.article_story(store, article_id) or 0


def test_browser_walks_story_list_story_page_and_article(site, browser):
    from selenium.webdriver.common.by import By

    base, db = site
    browser.get(base + "/")
    assert browser.title.startswith("Stories")
    links = browser.find_elements(By.CSS_SELECTOR, "#stories a[href^='/story/']")
    assert len(links) == 6
    browser.get(f"{base}/story/{_story(db, 'bruecke-gesperrt-Kurier')}")
    assert "Elsterbrücke" in browser.find_element(By.ID, "story-title").text
    headlines = browser.find_elements(By.CSS_SELECTOR, "#headlines .card")
    assert len(headlines) == 3
    voices = browser.find_element(By.ID, "voices").text
    assert "Jens Ohlsen" in voices
    # the bridge's differing dates are counted, not shown (date discrepancies measure below 0.8)
    assert "date" in browser.find_element(By.ID, "discrepancies-hidden").text
    assert browser.find_element(By.ID, "publication-timeline").is_displayed()
    ARTIFACTS.mkdir(exist_ok=True)
    browser.set_window_size(1400, 3200)
    browser.save_screenshot(str(ARTIFACTS / "story-page.png"))
    browser.set_window_size(1400, 1000)
    browser.find_element(By.CSS_SELECTOR, "#coverage a").click()
    _wait_for(browser, "/article/")
    assert browser.find_element(By.ID, "cited").text


def test_browser_search_quotes_and_entities(site, browser):
    from selenium.webdriver.common.by import By

    base, _ = site
    browser.get(base + "/")
    box = browser.find_element(By.NAME, "q")
    box.send_keys("Stahlträger")
    box.submit()
    _wait_for(browser, "/search?q=")
    assert len(browser.find_elements(By.CSS_SELECTOR, "#results mark")) >= 2
    browser.get(base + "/quotes")
    browser.find_element(By.NAME, "speaker").send_keys("Brandt")
    browser.find_element(By.CSS_SELECTOR, "#quote-filter button").click()
    _wait_for(browser, "speaker=Brandt")
    assert "Die Sicherheit der Menschen" in browser.find_element(By.ID, "quotes").text
    browser.get(base + "/entities")
    browser.find_element(By.LINK_TEXT, "Anke Brandt").click()
    _wait_for(browser, "/entity/anke-brandt")
    assert "Anke Brandt" in browser.find_element(By.TAG_NAME, "h1").text
    browser.save_screenshot(str(ARTIFACTS / "entity-page.png"))


def test_browser_shows_hostile_article_text_as_text(site, browser):
    from selenium.webdriver.common.by import By

    base, _ = site
    browser.get(base + "/article/pokal-Kurier")
    assert HOSTILE in browser.find_element(By.ID, "article-text").text
    assert browser.find_elements(By.CSS_SELECTOR, "#article-text img, #article-text script") == []

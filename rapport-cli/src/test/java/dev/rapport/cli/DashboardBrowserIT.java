package dev.rapport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.server.ApiKeys;
import dev.rapport.server.RapportServer;
import dev.rapport.server.Role;
import dev.rapport.server.ServerSettings;
import dev.rapport.store.Store;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * The dashboard of {@code rapport serve} on the demo workspace, driven in headless Chromium: sign
 * in with a key, see the live overview's charts, search a customer by e-mail, open their 360 view
 * and see its charts and timeline, page the timeline; the API page renders the OpenAPI description.
 * Screenshots go to {@code target/dashboard-screenshots/}.
 */
class DashboardBrowserIT {
  @TempDir static Path tmp;
  private static Store store;
  private static RapportServer server;
  private static ChromeDriver browser;
  private static String key;
  private static final Path SHOTS = Path.of("target", "dashboard-screenshots");

  @BeforeAll
  static void serveTheDemo() throws Exception {
    Path demo = tmp.resolve("demo");
    Cli.Run run = Cli.run("demo", "--out", demo.toString(), "--customers", "400");
    assertThat(run.exit()).as(run.err()).isZero();
    Workspace ws = Workspace.open(demo);
    store = ws.openStore();
    key = ApiKeys.open(demo).create(EnumSet.of(Role.READ), "browser test");
    server = RapportServer.start(demo, ws.config(), store, ServerSettings.defaults().withPort(0));
    browser = ReportBrowserIT.startChromium(tmp.resolve("chromium-profile"));
    Files.createDirectories(SHOTS);
    try (var old = Files.list(SHOTS)) {
      for (Path p : old.toList()) {
        Files.delete(p);
      }
    }
  }

  @AfterAll
  static void close() {
    if (browser != null) {
      browser.quit();
    }
    if (server != null) {
      server.close();
    }
    if (store != null) {
      store.close();
    }
  }

  private static String base() {
    return "http://127.0.0.1:" + server.port();
  }

  private static Object js(String script, Object... args) {
    return ((JavascriptExecutor) browser).executeScript(script, args);
  }

  /** Polls until the condition holds (page scripts and fetches are asynchronous), for 30 s. */
  private static void await(java.util.function.Predicate<ChromeDriver> condition) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    RuntimeException last = null;
    while (System.nanoTime() < deadline) {
      try {
        if (condition.test(browser)) {
          return;
        }
      } catch (RuntimeException e) {
        last = e; // not on the page yet
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the page did not get there in 30 s", last);
  }

  /** Points in the chart's first series, once it is drawn; -1 while it is not. */
  private static long points(String chart) {
    Object n =
        js(
            "const c = window.rapportCharts && window.rapportCharts[arguments[0]];"
                + " if (!c) return -1; const s = c.getOption().series;"
                + " return s.reduce((a, x) => a + (x.data ? x.data.length : 0), 0);",
            chart);
    return ((Number) n).longValue();
  }

  private static void shot(String name) throws Exception {
    File f = browser.getScreenshotAs(OutputType.FILE);
    Files.copy(f.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void signIn_overview_search_customer360_andTheApiPage() throws Exception {
    browser.get(base() + "/");
    await(d -> d.findElement(By.id("login")).isDisplayed());
    shot("1-sign-in");
    browser.findElement(By.id("key")).sendKeys(key);
    browser.findElement(By.cssSelector("#key-form button")).click();

    await(d -> points("stages") > 0 && points("scores") > 0 && points("retention") > 0);
    for (String chart : List.of("stages", "scores", "channels", "styles", "retention")) {
      assertThat(points(chart)).as(chart).isPositive();
    }
    assertThat(browser.findElement(By.id("overview-cards")).getText()).contains("customers");
    // The live KPI tiles: the demo business converts some customers and answers tickets.
    assertThat(browser.findElement(By.id("kpi-cards")).getText())
        .contains("conversion", "NPS", "median first response")
        .containsPattern("\\d+\\.\\d%\\s+conversion");
    assertThat(browser.findElements(By.cssSelector("#segments tbody tr"))).isNotEmpty();
    shot("2-overview");

    // Search by e-mail: one match opens the 360 at once.
    browser.findElement(By.id("q")).sendKeys("customer7@example.com");
    browser.findElement(By.cssSelector("#search button")).click();
    await(d -> d.findElement(By.id("customer")).isDisplayed() && points("history") > 0);
    assertThat(browser.findElement(By.id("c-title")).getText()).isEqualTo("Customer C000007");
    assertThat(browser.findElement(By.id("c-ids")).getText())
        .contains("email:customer7@example.com");
    for (String chart : List.of("history", "customer-channels", "score", "style")) {
      assertThat(points(chart)).as(chart).isPositive();
    }
    assertThat(browser.findElement(By.id("c-nba")).getText()).startsWith("Next best action");
    assertThat(browser.findElements(By.cssSelector("#c-timeline tbody tr"))).hasSize(20);
    String firstPage = browser.findElement(By.cssSelector("#c-timeline tbody")).getText();
    shot("3-customer-360");
    browser.findElement(By.id("older")).click();
    await(d -> !d.findElement(By.cssSelector("#c-timeline tbody")).getText().equals(firstPage));
    assertThat(browser.findElement(By.id("c-timeline-range")).getText()).startsWith("21–");
    shot("4-customer-timeline-page-2");

    // A prefix search lists several customers.
    browser.findElement(By.id("q")).clear();
    browser.findElement(By.id("q")).sendKeys("C00001");
    browser.findElement(By.cssSelector("#search button")).click();
    await(d -> d.findElement(By.id("results")).isDisplayed());
    assertThat(browser.findElements(By.cssSelector("#matches li")).size()).isGreaterThan(1);
    shot("5-search-results");

    // The API page renders the OpenAPI description with the key from this tab.
    browser.get(base() + "/docs");
    await(d -> !d.findElements(By.cssSelector(".opblock")).isEmpty());
    assertThat(browser.findElements(By.cssSelector(".opblock")).size()).isGreaterThanOrEqualTo(10);
    assertThat(browser.getPageSource()).contains("/v1/events");
    shot("6-api-page");

    List<LogEntry> errors =
        browser.manage().logs().get(LogType.BROWSER).getAll().stream()
            .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
            // The sign-in probe: the page asks for data before it has a key.
            .filter(e -> !e.getMessage().contains("401"))
            .toList();
    assertThat(errors).as("console errors").isEmpty();
  }
}

package dev.rapport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The demo's report opened from disk in headless Chromium (Debian's {@code chromium} and {@code
 * chromedriver}, which {@code .ci/run} installs): no console errors, every chart drawn with data,
 * and a screenshot of each section in {@code target/report-screenshots/} for review.
 */
class ReportBrowserIT {
  @TempDir static Path tmp;
  private static ChromeDriver browser;
  private static Path report;

  @BeforeAll
  static void openTheDemoReport() throws Exception {
    Path demo = tmp.resolve("demo");
    Cli.Run run = Cli.run("demo", "--out", demo.toString(), "--customers", "600");
    assertThat(run.exit()).as(run.err()).isZero();
    report = demo.resolve("out/report.html");
    browser = startChromium();
    browser.get(report.toUri().toString());
  }

  @AfterAll
  static void close() {
    if (browser != null) {
      browser.quit();
    }
  }

  /** Debian's chromium and chromedriver, never a download (the build runs offline). */
  static ChromeDriver startChromium() {
    return startChromium(tmp.resolve("chromium-profile"));
  }

  /** Headless Chromium with its profile in {@code profile}; shared by the browser tests. */
  static ChromeDriver startChromium(Path profile) {
    File driver = onPath("chromedriver");
    File chromium = onPath("chromium");
    if (driver == null || chromium == null) {
      throw new IllegalStateException(
          "the browser test needs Debian's chromium and chromium-driver on the PATH"
              + " (.ci/run installs them: apt-get install chromium chromium-driver)");
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        // This machine's network is closed: without these Chromium keeps dialling out.
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,1000",
        "--user-data-dir=" + profile);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(driver).usingAnyFreePort().build();
    return new ChromeDriver(service, options);
  }

  private static File onPath(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      File f = new File(dir, name);
      if (f.canExecute()) {
        return f;
      }
    }
    return null;
  }

  @Test
  void everyChartIsDrawnWithData_withoutConsoleErrors_andEachSectionIsPhotographed()
      throws Exception {
    List<WebElement> charts = browser.findElements(By.cssSelector(".echart"));
    // KPI trends, the funnel, cohorts, monthly flows, channels, response times
    assertThat(charts).hasSizeGreaterThanOrEqualTo(6);
    for (WebElement chart : charts) {
      String id = chart.getAttribute("id");
      assertThat(chart.getAttribute("data-drawn")).as(id + " drawn").isNotNull();
      assertThat(Integer.parseInt(chart.getAttribute("data-drawn")))
          .as(id + " points")
          .isPositive();
      // ECharts' SVG renderer: shapes in the chart's own svg, not an empty canvas
      Number shapes =
          (Number)
              ((JavascriptExecutor) browser)
                  .executeScript(
                      "return arguments[0].querySelectorAll('svg path, svg rect').length;", chart);
      assertThat(shapes.intValue()).as(id + " shapes").isGreaterThan(1);
      assertThat(chart.getSize().getHeight()).as(id + " height").isPositive();
    }
    for (String required :
        List.of(
            "chart-funnel-touch_to_purchase",
            "chart-cohorts",
            "chart-month-flows",
            "chart-channels",
            "chart-response-times",
            "chart-sentiment",
            "chart-themes",
            "chart-paths-to-purchase",
            "chart-paths-before-churn",
            "chart-attribution",
            "chart-advocates",
            "chart-review-stars",
            "chart-lifecycle-now",
            "chart-lifecycle-months",
            "chart-lifecycle-flows",
            "chart-breakdown-rfm-segments",
            "chart-fatigue-answers",
            "chart-fatigue-losses",
            "chart-score-distribution",
            "chart-alive-by-recency-frequency",
            "chart-value-by-tenth",
            "chart-clv-holdout")) {
      assertThat(browser.findElements(By.id(required))).as(required).hasSize(1);
    }

    List<LogEntry> errors =
        browser.manage().logs().get(LogType.BROWSER).getAll().stream()
            .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
            .toList();
    assertThat(errors).as("console errors").isEmpty();

    Path shots = Path.of("target", "report-screenshots");
    Files.createDirectories(shots);
    try (var old = Files.list(shots)) {
      for (Path p : old.toList()) {
        Files.delete(p); // a previous run's sections, numbered differently
      }
    }
    List<WebElement> sections = browser.findElements(By.cssSelector("section"));
    assertThat(sections).isNotEmpty();
    int n = 0;
    for (WebElement section : sections) {
      ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView();", section);
      String id = section.getAttribute("id");
      String name =
          String.format(
              "%02d-%s.png",
              ++n, id == null || id.isEmpty() ? "section" : id.replaceAll("\\W", "_"));
      File shot = section.getScreenshotAs(OutputType.FILE);
      Files.copy(shot.toPath(), shots.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
    assertThat(Files.list(shots).count()).isEqualTo(sections.size());
    browser.manage().timeouts().implicitlyWait(Duration.ZERO);
  }
}

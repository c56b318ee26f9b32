package dev.rapport.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar on stderr for long imports, in megabytes read; or nothing. */
interface Progress extends AutoCloseable {
  void update(long done, long total);

  @Override
  void close();

  static Progress none() {
    return new Progress() {
      @Override
      public void update(long done, long total) {}

      @Override
      public void close() {}
    };
  }

  static Progress bar(String task) {
    return new Progress() {
      private ProgressBar bar;

      @Override
      public void update(long done, long total) {
        if (bar == null) {
          if (total < (8L << 20)) {
            return; // small files finish before a bar is worth drawing
          }
          bar =
              new ProgressBarBuilder()
                  .setTaskName(task)
                  .setInitialMax(total >> 20)
                  .setUnit(" MB", 1)
                  .setStyle(ProgressBarStyle.ASCII)
                  .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
                  .build();
        }
        bar.maxHint(total >> 20);
        bar.stepTo(done >> 20);
      }

      @Override
      public void close() {
        if (bar != null) {
          bar.close();
          bar = null; // closing twice is harmless: the import closes it before its summary
        }
      }
    };
  }
}

package io.headwater.origin.browser;

/** The players under test, as the test page (resources/browser/player.js) names them. */
public enum Player {
  HLS_JS("hls", "hls.js"),
  DASH_JS("dash", "dash.js"),
  SHAKA("shaka", "Shaka");

  private final String pageName;
  private final String label;

  Player(String pageName, String label) {
    this.pageName = pageName;
    this.label = label;
  }

  /** The value of the page's {@code player} query parameter. */
  public String pageName() {
    return pageName;
  }

  public String label() {
    return label;
  }
}

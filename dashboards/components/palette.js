// One palette for every chart and tile. Built on Okabe–Ito, which stays distinguishable under the
// common colour-vision deficiencies; NHS "Making Data Count" uses the same pairing for its icons
// (blue = improvement, orange = concern, grey = common cause), so the panel reads one language.
export const colours = {
  ink: "#1b2433",
  muted: "#5a6474",
  faint: "#8a93a3",
  rule: "#d9dde5",
  band: "#eef2f8",
  series: "#34495e",
  common: "#8a93a3",
  improvement: "#0072b2",
  concern: "#d55e00",
  neither: "#7b4f9d",
  target: "#b5470b",
  limit: "#7a8494",
  annotation: "#4b5563",
  accent: "#1f4e79",
  selected: "#e0a100"
};

/** Colour for a special-cause class; null (common cause) is grey. */
export function causeColour(cause) {
  return cause === "improvement"
    ? colours.improvement
    : cause === "concern"
      ? colours.concern
      : cause === "neither"
        ? colours.neither
        : colours.common;
}

/** Point symbol per class, so the charts read in greyscale and print too, not by colour alone. */
export function causeSymbol(cause) {
  return cause === "improvement" ? "circle" : cause === "concern" ? "diamond" : cause === "neither" ? "square" : "circle";
}

// Variation and assurance icons in the manner of NHS "Making Data Count": a ring coloured by what
// the latest point says (grey common cause, blue improvement, orange concern), with a letter so
// the icon never relies on colour alone. Each carries a <title> and an aria-label for screen readers.
import {svg} from "htl";
import {colours} from "./palette.js";

const VARIATION = {
  common_cause: {colour: colours.common, text: "Common cause variation: no significant change"},
  special_improvement: {colour: colours.improvement, text: "Special cause variation: improvement"},
  special_concern: {colour: colours.concern, text: "Special cause variation: concern"},
  special_neither: {colour: colours.neither, text: "Special cause variation: neither improvement nor concern"}
};

const ASSURANCE = {
  pass: {colour: colours.improvement, letter: "P", text: "Assurance: the target is consistently met"},
  fail: {colour: colours.concern, letter: "F", text: "Assurance: the target will consistently be missed"},
  inconsistent: {colour: colours.common, letter: "?", text: "Assurance: the target is hit and missed by chance"}
};

function ring(colour, label, inner) {
  return svg`<svg class="psm-icon" width="34" height="34" viewBox="0 0 34 34" role="img" aria-label=${label}>
    <title>${label}</title>
    <circle cx="17" cy="17" r="15" fill="white" stroke=${colour} stroke-width="3"></circle>
    ${inner}
  </svg>`;
}

/** variation: one of the SpcResult icons; direction: 'up' | 'down' of the latest signal. */
export function variationIcon(variation, direction) {
  const v = VARIATION[variation];
  if (!v) return null;
  if (variation === "common_cause") {
    // A flat run of points: nothing out of the ordinary.
    return ring(
      v.colour,
      v.text,
      svg`<path d="M7 19 L12 15 L17 19 L22 15 L27 18" fill="none" stroke=${v.colour} stroke-width="2.2" stroke-linejoin="round"></path>`
    );
  }
  const letter = direction === "down" ? "L" : "H";
  const label = `${v.text} (${direction === "down" ? "lower" : "higher"} values)`;
  return ring(
    v.colour,
    label,
    svg`<text x="17" y="22.5" text-anchor="middle" font-size="15" font-weight="700" fill=${v.colour} font-family="system-ui, sans-serif">${letter}</text>`
  );
}

export function assuranceIcon(assurance) {
  const a = ASSURANCE[assurance];
  if (!a) return null;
  return ring(
    a.colour,
    a.text,
    svg`<text x="17" y="22.5" text-anchor="middle" font-size="15" font-weight="700" fill=${a.colour} font-family="system-ui, sans-serif">${a.letter}</text>`
  );
}

export function variationText(variation, direction) {
  const v = VARIATION[variation];
  if (!v) return "";
  return variation === "common_cause" ? v.text : `${v.text} (${direction === "down" ? "lower" : "higher"} values)`;
}

export function assuranceText(assurance) {
  return ASSURANCE[assurance]?.text ?? "";
}

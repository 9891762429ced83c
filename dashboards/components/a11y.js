// Plot labels every mark group with aria-label, which is not allowed on a plain <g> (axe:
// aria-prohibited-attr). A chart is one image with one message: the <svg> becomes role="img" with
// the chart's label and description, and the groups inside lose their labels.
export function asImage(plot, {label, description} = {}) {
  const svgs = plot.tagName?.toLowerCase() === "svg" ? [plot] : [...plot.querySelectorAll("svg")];
  for (const svg of svgs) {
    // A legend swatch is a bare <svg><rect>: decoration beside its text label.
    const main = Boolean(svg.querySelector("g"));
    svg.setAttribute("role", main ? "img" : "presentation");
    if (!main) svg.setAttribute("aria-hidden", "true");
    for (const g of svg.querySelectorAll("[aria-label]")) g.removeAttribute("aria-label");
    if (main && label) svg.setAttribute("aria-label", label);
    if (main && description) svg.setAttribute("aria-description", description);
  }
  return plot;
}

// What the panel page hands the script: read once from the page's JSON data block.
const node = document.getElementById("hw-boot");

/** The boot data: {site, hostOrigin, locale, strings, config}. */
export const boot = node ? JSON.parse(node.textContent) : {};

// Deep imports: only the web components the views use are registered and bundled.
export { default as VscodeButton } from "@vscode-elements/react-elements/dist/components/VscodeButton.js";
export { default as VscodeOption } from "@vscode-elements/react-elements/dist/components/VscodeOption.js";
export { default as VscodeProgressRing } from "@vscode-elements/react-elements/dist/components/VscodeProgressRing.js";
export { default as VscodeSingleSelect } from "@vscode-elements/react-elements/dist/components/VscodeSingleSelect.js";
export { default as VscodeTextfield } from "@vscode-elements/react-elements/dist/components/VscodeTextfield.js";

/**
 * The `--vscode-*` variables the report reads, at VS Code's defaults for Dark+ and Light+, as the
 * editor sets them on a webview's <html>; with the body class it also sets.
 */
export interface WebviewTheme {
  bodyClass: string;
  variables: Record<string, string>;
}

const FONTS = {
  'font-family': "system-ui, 'Ubuntu', 'Droid Sans', sans-serif",
  'font-size': '13px',
  'editor-font-family': "'Droid Sans Mono', 'monospace', monospace",
};

function theme(bodyClass: string, colors: Record<string, string>): WebviewTheme {
  const variables: Record<string, string> = {};
  for (const [name, value] of Object.entries({ ...FONTS, ...colors })) variables[`--vscode-${name}`] = value;
  return { bodyClass, variables };
}

export const DARK_PLUS = theme('vscode-dark', {
  'editor-background': '#1e1e1e',
  'editor-foreground': '#d4d4d4',
  foreground: '#cccccc',
  descriptionForeground: '#ccccccb3',
  errorForeground: '#f48771',
  'editorWarning-foreground': '#cca700',
  'editorInfo-foreground': '#3794ff',
  'testing-iconPassed': '#73c991',
  'charts-foreground': '#cccccc',
  'charts-red': '#f14c4c',
  'charts-blue': '#3794ff',
  'charts-orange': '#d18616',
  'charts-purple': '#b180d7',
  'panel-border': '#80808059',
  'list-hoverBackground': '#2a2d2e',
  'list-inactiveSelectionBackground': '#37373d',
  focusBorder: '#007fd4',
  'button-background': '#0e639c',
  'button-foreground': '#ffffff',
  'button-hoverBackground': '#1177bb',
  'button-secondaryBackground': '#3a3d41',
  'button-secondaryForeground': '#ffffff',
  'button-secondaryHoverBackground': '#45494e',
  'textCodeBlock-background': '#0a0a0a66',
  'textPreformat-foreground': '#d7ba7d',
});

export const LIGHT_PLUS = theme('vscode-light', {
  'editor-background': '#ffffff',
  'editor-foreground': '#000000',
  foreground: '#616161',
  descriptionForeground: '#717171',
  errorForeground: '#a1260d',
  'editorWarning-foreground': '#bf8803',
  'editorInfo-foreground': '#1a85ff',
  'testing-iconPassed': '#388a34',
  'charts-foreground': '#616161',
  'charts-red': '#e51400',
  'charts-blue': '#1a85ff',
  'charts-orange': '#d18616',
  'charts-purple': '#652d90',
  'panel-border': '#80808059',
  'list-hoverBackground': '#e8e8e8',
  'list-inactiveSelectionBackground': '#e4e6f1',
  focusBorder: '#0090f1',
  'button-background': '#007acc',
  'button-foreground': '#ffffff',
  'button-hoverBackground': '#0062a3',
  'button-secondaryBackground': '#5f6a79',
  'button-secondaryForeground': '#ffffff',
  'button-secondaryHoverBackground': '#4c5561',
  'textCodeBlock-background': '#dcdcdc66',
  'textPreformat-foreground': '#a31515',
});

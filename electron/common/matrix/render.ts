/** A matrix report in one of its output formats (the CLI's `--format`, the UI's Export buttons). */
import type { MatrixReport } from './report.ts';
import { formatMatrixHtml } from './format-html.ts';
import { formatMatrixMarkdown } from './format-md.ts';
import { formatMatrixTable } from './format-table.ts';

export type MatrixFormat = 'json' | 'md' | 'html' | 'table';

export function renderMatrixReport(report: MatrixReport, format: MatrixFormat): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'md':
      return formatMatrixMarkdown(report);
    case 'html':
      return formatMatrixHtml(report);
    case 'table':
      return `${formatMatrixTable(report)}\n`;
  }
}

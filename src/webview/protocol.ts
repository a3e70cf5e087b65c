/**
 * The messages between the citation report panel (browser code in src/webview) and the extension. Both sides
 * validate every message they receive against these schemas: the webview trusts nothing but a well-formed
 * report, and the extension reveals only ranges of files the report is about.
 */
import * as z from 'zod';
import { CitationReportSchema, RangeSchema } from '../core/report/schema';

/** The webview type of the panel (also its `onWebviewPanel:` activation event and serializer key). */
export const REPORT_VIEW_TYPE = 'sourced.citationReport';

/** Panel → extension: the panel's script has loaded and wants the report. */
export const ReadyMessageSchema = z.strictObject({ type: z.literal('ready') });

/** Panel → extension: a row was activated; show `range` of `uri` in the editor. */
export const RevealMessageSchema = z.strictObject({
  type: z.literal('reveal'),
  uri: z.string().min(1).max(8192),
  range: RangeSchema,
});

/** Panel → extension: the panel shows report number `serial` now, with this many rows that reveal text. */
export const RenderedMessageSchema = z.strictObject({
  type: z.literal('rendered'),
  serial: z.number().int().min(0),
  draftUri: z.string(),
  revealable: z.number().int().min(0),
});

export const PanelMessageSchema = z.discriminatedUnion('type', [ReadyMessageSchema, RevealMessageSchema, RenderedMessageSchema]);

/**
 * Extension → panel: the report to show (sent on open, on `ready` and after every re-analysis of the draft).
 * `serial` grows with every report the extension builds; the panel echoes it in `rendered`.
 */
export const ShowReportMessageSchema = z.strictObject({ type: z.literal('report'), serial: z.number().int().min(0), report: CitationReportSchema });

/** Extension → panel: there is no report to show, and why. */
export const NoReportMessageSchema = z.strictObject({ type: z.literal('no-report'), message: z.string() });

export const ExtensionMessageSchema = z.discriminatedUnion('type', [ShowReportMessageSchema, NoReportMessageSchema]);

/** What the webview keeps across reloads (`vscode.setState`); the panel serializer reads it back. */
export const PanelStateSchema = z.object({ draftUri: z.string().min(1), report: CitationReportSchema.optional() });

export type PanelMessage = z.infer<typeof PanelMessageSchema>;
export type RevealMessage = z.infer<typeof RevealMessageSchema>;
export type ExtensionMessage = z.infer<typeof ExtensionMessageSchema>;
export type PanelState = z.infer<typeof PanelStateSchema>;

/** A message from the panel, or undefined when it is not one of the protocol's messages. */
export function parsePanelMessage(value: unknown): PanelMessage | undefined {
  const parsed = PanelMessageSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** A message from the extension, or undefined when it is not one of the protocol's messages. */
export function parseExtensionMessage(value: unknown): ExtensionMessage | undefined {
  const parsed = ExtensionMessageSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** The `data-range` attribute of a reveal button ("line,character,line,character") as a range, if well-formed. */
export function parseRangeAttribute(value: string | null | undefined): z.infer<typeof RangeSchema> | undefined {
  const match = /^(\d{1,9}),(\d{1,9}),(\d{1,9}),(\d{1,9})$/.exec(value ?? '');
  if (!match) return undefined;
  const [startLine, startCharacter, endLine, endCharacter] = match.slice(1).map(Number);
  return { start: { line: startLine, character: startCharacter }, end: { line: endLine, character: endCharacter } };
}

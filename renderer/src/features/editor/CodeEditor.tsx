/**
 * The one component that owns Monaco. Bundled (no CDN): `loader.config({ monaco })` with the editor and
 * TypeScript workers built by Vite. Typings for the canary globals, so users writing escapes get help.
 */
import { useEffect, useRef } from 'react';
import { Editor, loader, type OnMount } from '@monaco-editor/react';
import * as monaco from 'monaco-editor';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import TsWorker from 'monaco-editor/language/typescript/ts.worker?worker';

self.MonacoEnvironment = {
  getWorker: (_id: string, label: string) =>
    label === 'typescript' || label === 'javascript' ? new TsWorker() : new EditorWorker(),
};
loader.config({ monaco });

const CANARY_TYPINGS = `
/** A TCP port on 127.0.0.1: any connection to it is a network breach. */
declare const CANARY_PORT: number;
/** The host's secret global (reachable only from the host realm). */
declare const __hostSecret: string | undefined;
declare const require: (id: string) => any;
declare const process: any;
`;

export interface CodeEditorProps {
  readonly value: string;
  readonly language: 'javascript' | 'typescript';
  readonly theme: 'dark' | 'light';
  readonly onChange: (value: string) => void;
  readonly onRun: () => void;
  readonly onStop: () => void;
}

export function CodeEditor(props: CodeEditorProps) {
  const handlers = useRef(props);
  useEffect(() => {
    handlers.current = props;
  });
  const onMount: OnMount = (editor, m) => {
    // Monaco ≥ 0.55 exposes the TypeScript service as `monaco.typescript` (it was languages.typescript).
    const ts = monaco.typescript;
    for (const defaults of [ts.javascriptDefaults, ts.typescriptDefaults]) {
      defaults.addExtraLib(CANARY_TYPINGS, 'file:///workbench-globals.d.ts');
      defaults.setCompilerOptions({ target: ts.ScriptTarget.ES2020, allowNonTsExtensions: true });
    }
    editor.addCommand(m.KeyMod.CtrlCmd | m.KeyCode.Enter, () => handlers.current.onRun());
    editor.addCommand(m.KeyMod.CtrlCmd | m.KeyCode.Period, () => handlers.current.onStop());
  };
  return (
    <Editor
      height="100%"
      language={props.language}
      theme={props.theme === 'dark' ? 'vs-dark' : 'vs'}
      value={props.value}
      onChange={(v) => props.onChange(v ?? '')}
      onMount={onMount}
      options={{ minimap: { enabled: false }, fontSize: 13, scrollBeyondLastLine: false, automaticLayout: true }}
    />
  );
}

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

/** Values the editor itself emitted recently: a `value` prop equal to one of them is an echo, not a new text. */
const ECHOES_KEPT = 200;

/**
 * Monaco owns the text while the user types: the `value` prop is applied only when it is new text from outside
 * (a probe, a lesson step, a stored run), never an echo of what the editor emitted. Fed back on every change,
 * a render that lagged behind the keyboard reset the editor to an older text and lost keystrokes.
 */
export function CodeEditor(props: CodeEditorProps) {
  const handlers = useRef(props);
  useEffect(() => {
    handlers.current = props;
  });
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | undefined>(undefined);
  const echoes = useRef(new Set<string>());
  useEffect(() => {
    const editor = editorRef.current;
    if (!editor || echoes.current.has(props.value) || editor.getValue() === props.value) return;
    echoes.current.clear();
    editor.setValue(props.value);
  }, [props.value]);
  const emitted = (value: string): void => {
    const seen = echoes.current;
    seen.add(value);
    if (seen.size > ECHOES_KEPT) seen.delete(seen.values().next().value!);
    handlers.current.onChange(value);
  };
  const onMount: OnMount = (editor, m) => {
    editorRef.current = editor;
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
      defaultValue={props.value}
      onChange={(v) => emitted(v ?? '')}
      onMount={onMount}
      options={{ minimap: { enabled: false }, fontSize: 13, scrollBeyondLastLine: false, automaticLayout: true }}
    />
  );
}

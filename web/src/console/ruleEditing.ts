import { useRef } from 'react';
import type { FormInstance } from 'antd';

/**
 * The rule editors' fact chips (tag rules, guarantee rules, honours): remembers where the cursor
 * was in the condition box and puts a fact name there, with a space either side where needed.
 */
export function useFactInsertion<T>(form: FormInstance<T>, field: string, onEdit: () => void) {
  const textarea = useRef<HTMLTextAreaElement | null>(null);
  const selection = useRef<[number, number] | null>(null);

  const remember = (el: HTMLTextAreaElement) => {
    textarea.current = el;
    selection.current = [el.selectionStart, el.selectionEnd];
  };

  const insertFact = (name: string) => {
    const value: string = (form.getFieldValue(field as never) as string | undefined) ?? '';
    const [start, end] = selection.current ?? [value.length, value.length];
    const before = value.slice(0, start);
    const after = value.slice(end);
    const lead = before && !/[\s(\[]$/.test(before) ? ' ' : '';
    const trail = after && /^\s/.test(after) ? '' : ' ';
    const next = `${before}${lead}${name}${trail}${after}`;
    const caret = before.length + lead.length + name.length + trail.length;
    form.setFieldsValue({ [field]: next } as never);
    onEdit();
    selection.current = [caret, caret];
    requestAnimationFrame(() => {
      const el = textarea.current;
      if (el) { el.focus(); el.setSelectionRange(caret, caret); }
    });
  };

  return { textarea, selection, remember, insertFact };
}

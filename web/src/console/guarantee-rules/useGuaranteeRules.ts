import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../shared/api';
import { guaranteeKeys } from '../../shared/query-keys';
import type { ConsoleRule, GuaranteeRule, PreviewResult, RuleDraft, RulesResponse } from '../aftersales';

interface Callbacks<T> { onSuccess: (data: T) => void | Promise<void>; onError: (err: Error) => void }

/** The rules as the console edits them (GET /api/console/guarantee-rules). */
export function useConsoleRules(options: { enabled?: boolean; staleTime?: number } = {}) {
  return useQuery({ queryKey: guaranteeKeys.consoleRules(), queryFn: () => api<RulesResponse>('/api/console/guarantee-rules'), ...options });
}

/** A new version of a rule, or a new rule; every reading of the rules (public ones too, and versions) refreshes. */
function usePublish<V>(send: (v: V) => Promise<GuaranteeRule>, { onSuccess, onError }: Callbacks<GuaranteeRule>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: async (row) => {
      await queryClient.invalidateQueries({ queryKey: guaranteeKeys.rules() });
      await onSuccess(row);
    },
    onError,
  });
}

/** Turns a rule on or off, as a new version of it. */
export function useToggleRule(callbacks: Callbacks<GuaranteeRule>) {
  return usePublish((r: ConsoleRule) => api<GuaranteeRule>(`/api/console/guarantee-rules/${r.key}/versions`, {
    body: { name: r.name, description: r.description, condition: r.condition, action: r.action, priority: r.priority, active: !r.active },
  }), callbacks);
}

/** Publishes the editor's draft: a new version of `rule`, or (none) a new rule. */
export function usePublishRule(rule: ConsoleRule | null, callbacks: Callbacks<GuaranteeRule>) {
  return usePublish((d: RuleDraft & { key?: string }) => (rule
    ? api<GuaranteeRule>(`/api/console/guarantee-rules/${rule.key}/versions`, { body: d })
    : api<GuaranteeRule>('/api/console/guarantee-rules', { body: d })), callbacks);
}

/** What past claims the draft would have decided differently (nothing is saved). */
export function useRulePreview(rule: ConsoleRule | null, { onSuccess, onError }: { onSuccess: (r: PreviewResult, d: RuleDraft & { key?: string }) => void; onError: (err: Error) => void }) {
  return useMutation({
    mutationFn: (d: RuleDraft & { key?: string }) => api<PreviewResult>('/api/console/guarantee-rules/preview', { body: { ...d, ...(rule ? { existingKey: rule.key } : {}) } }),
    onSuccess,
    onError,
  });
}

/** One rule's versions, newest first. */
export function useRuleVersions(rule: ConsoleRule | null) {
  return useQuery({
    queryKey: guaranteeKeys.versions(rule?.key),
    queryFn: () => api<{ versions: GuaranteeRule[] }>(`/api/console/guarantee-rules/${rule!.key}/versions`),
    enabled: !!rule,
  });
}

import { useQuery } from '@tanstack/react-query';
import type { components } from '../api-types';
import { api } from '../api';
import { proposalKeys } from '../query-keys';

export type ProposalSummary = components['schemas']['ProposalSummary'];
export type ProposalDetail = components['schemas']['ProposalDetail'];
export type GovernanceEligibility = components['schemas']['GovernanceEligibility'];
export type GovernanceEffect = components['schemas']['GovernanceEffect'];
export type ProposalRecount = components['schemas']['ProposalRecount'];

export const useProposals = (communityId: string) =>
  useQuery({ queryKey: proposalKeys.community(communityId), queryFn: () => api<{ items: ProposalSummary[] }>(`/api/communities/${communityId}/proposals`) });
export const useEligibility = (communityId: string) =>
  useQuery({ queryKey: proposalKeys.eligibility(communityId), queryFn: () => api<GovernanceEligibility>(`/api/communities/${communityId}/governance/eligibility`) });
export const useProposal = (id: string) =>
  useQuery({ queryKey: proposalKeys.detail(id), queryFn: () => api<ProposalDetail>(`/api/proposals/${id}`) });
export const useRecount = (id: string, enabled: boolean) =>
  useQuery({ queryKey: proposalKeys.recount(id), queryFn: () => api<ProposalRecount>(`/api/proposals/${id}/recount`), enabled });

/** 「2天 3小时 5分」 until `iso` (minutes, as a page is read, not a race). */
export function leftParts(iso: string, now: number) {
  const ms = Math.max(0, new Date(iso).getTime() - now);
  const m = Math.floor(ms / 60_000);
  return { d: Math.floor(m / 1440), h: Math.floor((m % 1440) / 60), m: m % 60 };
}

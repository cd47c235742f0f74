import { useCallback } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  ApplyRoleTemplateRequest,
  CreateDepartmentRequest,
  CreateUserRequest,
  DepartmentList,
  ResetPasswordRequest,
  Role,
  RoleList,
  UpdateDepartmentRequest,
  UpdateRoleRequest,
  UpdateUserRequest,
  User,
  UserList,
  UserOptionList,
  Department,
} from '../../../contracts/identity.js';
import { api } from '../api/client.js';
import { useLocale } from '../i18n/index.js';

export type TUser = z.infer<typeof User>;
export type TDepartment = z.infer<typeof Department>;
export type TRole = z.infer<typeof Role>;
export type TRoleList = z.infer<typeof RoleList>;

export const identityKeys = {
  users: ['users'] as const,
  userOptions: ['users', 'options'] as const,
  departments: ['departments'] as const,
  roles: ['roles'] as const,
};

/** Everyone who can be picked as "our person" or owner; any signed-in user may read it. */
export function useUserOptions() {
  return useQuery({
    queryKey: identityKeys.userOptions,
    queryFn: () => api.get<z.infer<typeof UserOptionList>>('/api/users/options'),
    staleTime: 5 * 60_000,
  });
}

export function useUsers() {
  return useQuery({ queryKey: identityKeys.users, queryFn: () => api.get<z.infer<typeof UserList>>('/api/users') });
}

export function useDepartments() {
  return useQuery({
    queryKey: identityKeys.departments,
    queryFn: () => api.get<z.infer<typeof DepartmentList>>('/api/departments'),
    staleTime: 60_000,
  });
}

export function useRoles(enabled = true) {
  return useQuery({ queryKey: identityKeys.roles, queryFn: () => api.get<TRoleList>('/api/roles'), enabled, staleTime: 60_000 });
}

function useInvalidate(...keys: (readonly string[])[]) {
  const qc = useQueryClient();
  return () => Promise.all(keys.map((k) => qc.invalidateQueries({ queryKey: k })));
}

export function useCreateUser() {
  const done = useInvalidate(identityKeys.users);
  return useMutation({ mutationFn: (body: z.output<typeof CreateUserRequest>) => api.post<TUser>('/api/users', body), onSuccess: done });
}
export function useUpdateUser() {
  const done = useInvalidate(identityKeys.users);
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: z.output<typeof UpdateUserRequest> }) => api.put<TUser>(`/api/users/${id}`, body),
    onSuccess: done,
  });
}
/** One click: a role template sets the user's department and roles. */
export function useApplyRoleTemplate() {
  const done = useInvalidate(identityKeys.users);
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: z.output<typeof ApplyRoleTemplateRequest> }) => api.post<TUser>(`/api/users/${id}/template`, body),
    onSuccess: done,
  });
}
export function useResetPassword() {
  const done = useInvalidate(identityKeys.users);
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: z.output<typeof ResetPasswordRequest> }) => api.post<TUser>(`/api/users/${id}/password`, body),
    onSuccess: done,
  });
}
export function useUnlockUser() {
  const done = useInvalidate(identityKeys.users);
  return useMutation({ mutationFn: (id: string) => api.post<TUser>(`/api/users/${id}/unlock`, {}), onSuccess: done });
}
export function useCreateDepartment() {
  const done = useInvalidate(identityKeys.departments);
  return useMutation({ mutationFn: (body: z.output<typeof CreateDepartmentRequest>) => api.post<TDepartment>('/api/departments', body), onSuccess: done });
}
export function useUpdateDepartment() {
  const done = useInvalidate(identityKeys.departments);
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: z.output<typeof UpdateDepartmentRequest> }) => api.put<TDepartment>(`/api/departments/${id}`, body),
    onSuccess: done,
  });
}
export function useUpdateRole() {
  return useMutation({
    mutationFn: ({ code, body }: { code: string; body: z.output<typeof UpdateRoleRequest> }) => api.put<TRole>(`/api/roles/${code}`, body),
  });
}

/** Department code → its name in the UI language (the code itself while loading or unknown). */
export function useDepartmentName(): (code: string) => string {
  const { data } = useDepartments();
  const { locale } = useLocale();
  return useCallback(
    (code: string) => {
      const d = data?.items.find((x) => x.code === code);
      if (!d) return code;
      return locale === 'zh-CN' ? d.name.zh || d.name.en : d.name.en || d.name.zh;
    },
    [data, locale],
  );
}

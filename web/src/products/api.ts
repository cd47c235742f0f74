import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { CreateProductRequest, ProductList, UpdateProductRequest } from '../../../contracts/products.js';
import type { VoidRequest } from '../../../contracts/common.js';
import type { TProduct } from '../../../contracts/products.js';
import { api, type Query } from '../api/client.js';

export type { TProduct };
export type TProductList = z.infer<typeof ProductList>;

export const productKeys = {
  all: ['products'] as const,
  list: (q: Query) => ['products', 'list', q] as const,
};

export function useProductList(query: Query, enabled = true) {
  return useQuery({
    queryKey: productKeys.list(query),
    queryFn: () => api.get<TProductList>('/api/products', query),
    placeholderData: keepPreviousData,
    enabled,
  });
}

function useRefresh() {
  const qc = useQueryClient();
  return () => Promise.all([qc.invalidateQueries({ queryKey: productKeys.all }), qc.invalidateQueries({ queryKey: ['history'] })]);
}

export function useCreateProduct() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: z.output<typeof CreateProductRequest>) => api.post<TProduct>('/api/products', body),
    onSuccess: () => refresh(),
  });
}

export function useUpdateProduct(id: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: z.output<typeof UpdateProductRequest>) => api.put<TProduct>(`/api/products/${id}`, body),
    onSuccess: () => refresh(),
  });
}

export function useVoidProduct() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ id, ...body }: z.output<typeof VoidRequest> & { id: string }) => api.post<TProduct>(`/api/products/${id}/void`, body),
    onSuccess: () => refresh(),
  });
}

import { Alert, Skeleton } from 'antd';
import { Navigate, useParams } from 'react-router';
import { isApiError } from '../api/client.js';
import { useT } from '../i18n/index.js';
import { useSurveyResponse } from './api.js';

/** An action's source link: a response opens in its survey's analysis, highlighted. */
export function ResponseRedirect() {
  const { id } = useParams();
  const t = useT();
  const { data, error } = useSurveyResponse(id);
  if (error) return <Alert type="error" showIcon title={isApiError(error) ? error.problem.detail : t('errors.loadFailed')} />;
  if (!data) return <Skeleton active />;
  return <Navigate replace to={`/surveys/campaigns/${data.campaignId}/analysis?response=${data.id}`} />;
}

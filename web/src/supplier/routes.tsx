import { Route, Routes } from 'react-router';
import { EmptyState } from '../shared/states';

export default function SupplierRoutes() {
  return (
    <Routes>
      <Route path="*" element={<EmptyState />} />
    </Routes>
  );
}

import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ROLE_LABELS } from "~/domain/permissions";
import { listUsers } from "~/models/user.server";
import { requirePermission } from "~/utils/auth.server";

export const meta: MetaFunction = () => [{ title: "Users · QA Workbench" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "user:manage");
  return json({ users: await listUsers(user.scope) });
}

export default function UsersPage() {
  const { users } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Users</h1>
          <p className="muted">{users.length} users. Deactivating a user signs them out everywhere.</p>
        </div>
        <Link to="/admin/users/new" className="button">
          New user
        </Link>
      </div>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>Name</th>
              <th>Email</th>
              <th>Role</th>
              <th>Organisation</th>
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>
                  <Link to={`/admin/users/${u.id}`}>{u.name}</Link>
                </td>
                <td>{u.email}</td>
                <td>{ROLE_LABELS[u.role]}</td>
                <td>{u.organizationName}</td>
                <td>
                  {u.active ? (
                    <span className="badge good">active</span>
                  ) : (
                    <span className="badge neutral">deactivated</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

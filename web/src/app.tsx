import { Authenticator } from '@aws-amplify/ui-react';
import { RecordsPage } from './records-page';

const components = {
  Header: () => <h1 className="sign-in-title">IVS recordings</h1>,
};

/** Sign in (e-mail and password, the user pool's login), then the user's records. */
export const App = ({ local, pageSize }: { local: boolean; pageSize: number }) => (
  <Authenticator loginMechanisms={['email']} components={components}>
    {({ signOut, user }) => (
      <RecordsPage
        email={user?.signInDetails?.loginId ?? user?.username ?? ''}
        local={local}
        pageSize={pageSize}
        onSignOut={() => signOut?.()}
      />
    )}
  </Authenticator>
);

// MailboxPool's accounting against in-memory mailboxes: the connection limit, the connection
// kept for interactive work, reuse, and what is never kept. No timing: a lease that must not be
// given is asked for with a zero wait. Against a real Dovecot:
// tests/integration/mail/mailbox_pool_integration_test.cc.
#include "mail/mailbox_pool.h"

#include <gtest/gtest.h>

#include <future>
#include <memory>
#include <vector>

#include "unit/campaign/fake_mailbox.h"

namespace draftbox {
namespace {

using namespace std::chrono_literals;

class MailboxPoolTest : public testing::Test {
 protected:
  MailboxPool::Factory Factory() {
    return [this]() -> Result<std::unique_ptr<Mailbox>> {
      auto mailbox = std::make_unique<test::FakeMailbox>();
      made_.push_back(mailbox.get());
      return std::unique_ptr<Mailbox>(std::move(mailbox));
    };
  }
  std::vector<test::FakeMailbox*> made_;  // every mailbox the factory made, in order
};

TEST_F(MailboxPoolTest, NeverHoldsMoreThanMaxConnections) {
  MailboxPool pool(Factory(), MailboxPoolOptions{.max_connections = 3});
  std::vector<std::unique_ptr<Mailbox>> leases;
  for (LeasePriority priority :
       {LeasePriority::kBackground, LeasePriority::kBackground, LeasePriority::kInteractive}) {
    Result<std::unique_ptr<Mailbox>> lease = pool.Lease(priority, 0ms);
    ASSERT_TRUE(lease) << lease.error().ToString();
    leases.push_back(std::move(*lease));
  }
  EXPECT_FALSE(pool.Lease(LeasePriority::kInteractive, 0ms));
  EXPECT_FALSE(pool.Lease(LeasePriority::kBackground, 0ms));
  EXPECT_EQ(made_.size(), 3u);
  EXPECT_EQ(pool.Stats().peak_open, 3);
}

TEST_F(MailboxPoolTest, BackgroundLeasesLeaveOneConnectionForInteractiveWork) {
  MailboxPool pool(Factory(), MailboxPoolOptions{.max_connections = 3});
  Result<std::unique_ptr<Mailbox>> run = pool.Lease(LeasePriority::kBackground, 0ms);
  Result<std::unique_ptr<Mailbox>> watcher = pool.Lease(LeasePriority::kBackground, 0ms);
  ASSERT_TRUE(run && watcher);
  Result<std::unique_ptr<Mailbox>> third_background = pool.Lease(LeasePriority::kBackground, 0ms);
  ASSERT_FALSE(third_background);
  EXPECT_EQ(third_background.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(third_background.error().message.find("max_connections"), std::string::npos)
      << third_background.error().message;
  EXPECT_TRUE(pool.Lease(LeasePriority::kInteractive, 0ms));
}

TEST_F(MailboxPoolTest, ReturnedConnectionIsReusedWithoutANewOne) {
  MailboxPool pool(Factory(), MailboxPoolOptions{.max_connections = 4});
  for (int i = 0; i < 10; ++i) {
    Result<std::unique_ptr<Mailbox>> lease =
        pool.Lease(i % 2 ? LeasePriority::kInteractive : LeasePriority::kBackground, 0ms);
    ASSERT_TRUE(lease);
    EXPECT_TRUE((*lease)->FindFolders());
  }
  EXPECT_EQ(made_.size(), 1u);
  EXPECT_EQ(pool.Stats().idle, 1);
}

TEST_F(MailboxPoolTest, ConnectionWhoseLastCallFailedIsNotKept) {
  MailboxPool pool(Factory(), MailboxPoolOptions{.max_connections = 2});
  {
    Result<std::unique_ptr<Mailbox>> lease = pool.Lease(LeasePriority::kInteractive, 0ms);
    ASSERT_TRUE(lease);
    made_.back()->failing.insert("connect");
    EXPECT_FALSE((*lease)->Connect());
  }
  EXPECT_EQ(pool.Stats().open, 0);
  ASSERT_TRUE(pool.Lease(LeasePriority::kInteractive, 0ms));
  EXPECT_EQ(made_.size(), 2u);
}

TEST_F(MailboxPoolTest, WaitingLeaseGetsTheConnectionGivenBack) {
  MailboxPool pool(Factory(), MailboxPoolOptions{.max_connections = 1});
  Result<std::unique_ptr<Mailbox>> held = pool.Lease(LeasePriority::kBackground, 0ms);
  ASSERT_TRUE(held);
  std::future<Result<std::unique_ptr<Mailbox>>> waiting =
      std::async(std::launch::async, [&] { return pool.Lease(LeasePriority::kInteractive, 60s); });
  held->reset();
  Result<std::unique_ptr<Mailbox>> got = waiting.get();
  ASSERT_TRUE(got) << got.error().ToString();
  EXPECT_EQ(made_.size(), 1u);
}

TEST_F(MailboxPoolTest, FactoryErrorIsReturnedAndFreesTheSlot) {
  bool fail = true;
  MailboxPool pool(
      [&]() -> Result<std::unique_ptr<Mailbox>> {
        if (fail) return Fail(ErrorCode::kAuth, "mailbox.password_command: exit 3");
        return std::unique_ptr<Mailbox>(std::make_unique<test::FakeMailbox>());
      },
      MailboxPoolOptions{.max_connections = 1});
  Result<std::unique_ptr<Mailbox>> refused = pool.Lease(LeasePriority::kInteractive, 0ms);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kAuth);
  fail = false;
  EXPECT_TRUE(pool.Lease(LeasePriority::kInteractive, 0ms));
}

TEST_F(MailboxPoolTest, LeaseOutlivingThePoolClosesItsConnection) {
  std::unique_ptr<Mailbox> lease;
  {
    MailboxPool pool(Factory(), MailboxPoolOptions{.max_connections = 1});
    Result<std::unique_ptr<Mailbox>> got = pool.Lease(LeasePriority::kInteractive, 0ms);
    ASSERT_TRUE(got);
    lease = std::move(*got);
  }
  EXPECT_TRUE(lease->FindFolders());
  lease.reset();  // ASan reports a use after free here if the lease does not own its share
}

TEST_F(MailboxPoolTest, WatchersIdleOnlyWithFourConnectionsOrMore) {
  EXPECT_FALSE(MailboxPool(Factory(), MailboxPoolOptions{.max_connections = 3}).WatchersMayIdle());
  EXPECT_TRUE(MailboxPool(Factory(), MailboxPoolOptions{.max_connections = 4}).WatchersMayIdle());
}

}  // namespace
}  // namespace draftbox

// A test fixture with a freshly initialised workspace (keys, HMAC secret, token) in a temporary
// directory, opened as the commands open it.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "app/workspace.hpp"
#include "temp_dir.hpp"

namespace novacrm::testing {

class WorkspaceFixture : public ::testing::Test {
 protected:
  void SetUp() override { open_new_workspace("ws"); }

  // Initialises <tmp>/<name> and opens it as ws_ (the previous one, if any, is closed first).
  void open_new_workspace(const std::string& name) {
    ws_.reset();
    paths_ = core::workspace_at(dir_.path() / name);
    ASSERT_TRUE(app::init_workspace(paths_));
    auto ws = app::Workspace::open(paths_);
    ASSERT_TRUE(ws) << ws.error().describe();
    ws_ = std::move(ws).value();
  }

  TempDir dir_;
  core::WorkspacePaths paths_;
  std::unique_ptr<app::Workspace> ws_;
};

}  // namespace novacrm::testing

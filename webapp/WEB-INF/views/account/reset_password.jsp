<%@ page session="false" %>
<%@ taglib prefix="t" tagdir="/WEB-INF/tags" %>
<t:layout title="Reset Your Password">
  <h1>Reset Your Password</h1>
  <%-- No action: the form posts back to this URL, which holds the link's token. --%>
  <form class="form" method="post" novalidate>
    <t:csrf/>
    <div class="field">
      <label for="password">New Password</label>
      <input id="password" name="password" type="password" autocomplete="new-password"<t:describedBy field="password"/>>
      <span class="hint">At least 8 characters.</span>
      <t:errors field="password"/>
    </div>
    <div class="field">
      <label for="password2">Repeat Password</label>
      <input id="password2" name="password2" type="password" autocomplete="new-password"<t:describedBy field="password2"/>>
      <t:errors field="password2"/>
    </div>
    <div class="actions"><input class="button" type="submit" name="submit" value="Reset Password"></div>
  </form>
</t:layout>

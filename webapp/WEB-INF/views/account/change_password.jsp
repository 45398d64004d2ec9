<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%@ taglib prefix="t" tagdir="/WEB-INF/tags" %>
<t:layout title="Change Password">
  <h1>Change Password</h1>
  <form class="form" method="post" action="<c:url value='/change_password'/>" novalidate>
    <t:csrf/>
    <%-- The username, hidden, lets password managers know whose password this is. --%>
    <input type="text" name="username" value="<c:out value='${currentUser.username}'/>" autocomplete="username" hidden>
    <div class="field">
      <label for="current_password">Current Password</label>
      <input id="current_password" name="current_password" type="password" autocomplete="current-password"<t:describedBy field="currentPassword"/>>
      <t:errors field="currentPassword"/>
    </div>
    <div class="field">
      <label for="password">New Password</label>
      <input id="password" name="password" type="password" autocomplete="new-password"<t:describedBy field="password"/>>
      <span class="hint">At least 8 characters.</span>
      <t:errors field="password"/>
    </div>
    <div class="field">
      <label for="password2">Repeat New Password</label>
      <input id="password2" name="password2" type="password" autocomplete="new-password"<t:describedBy field="password2"/>>
      <t:errors field="password2"/>
    </div>
    <div class="actions"><input class="button" type="submit" name="submit" value="Change Password"></div>
  </form>
  <p class="aside"><a href="<c:url value='/account'/>">Back to your account</a></p>
</t:layout>
